"""Reading and writing a shop's Exact connection. Tokens are only ever stored encrypted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.db import utcnow
from sidecar.exact.models import Connection
from sidecar.security import SecretBox


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: datetime
    issued_at: datetime


def get_connection(session: Session, shop_id: str, lock: bool = False) -> Connection | None:
    query = select(Connection).where(Connection.shop_id == shop_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.scalar(query)


def ensure_connection(session: Session, shop_id: str, region: str) -> Connection:
    conn = get_connection(session, shop_id)
    if conn is None:
        conn = Connection(shop_id=shop_id, region=region, state="disconnected")
        session.add(conn)
        session.flush()
    return conn


def store_tokens(
    conn: Connection, box: SecretBox, access: str, refresh: str, expires_in: int
) -> TokenPair:
    now = utcnow()
    conn.access_token_enc = box.encrypt(access)
    conn.refresh_token_enc = box.encrypt(refresh)
    conn.access_expires_at = now + timedelta(seconds=expires_in)
    conn.refreshed_at = now
    conn.state = "connected"
    conn.last_error = None
    return TokenPair(access, refresh, conn.access_expires_at, now)


def read_tokens(conn: Connection, box: SecretBox) -> TokenPair | None:
    if not conn.access_token_enc or not conn.refresh_token_enc:
        return None
    return TokenPair(
        box.decrypt(conn.access_token_enc),
        box.decrypt(conn.refresh_token_enc),
        conn.access_expires_at or utcnow(),
        conn.refreshed_at or utcnow(),
    )


def forget_tokens(conn: Connection) -> None:
    conn.access_token_enc = None
    conn.refresh_token_enc = None
    conn.access_expires_at = None
    conn.state = "disconnected"
