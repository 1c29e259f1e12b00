"""Reading and writing a shop's Exact connection. Tokens are only ever stored encrypted.

Connections signed in by the same Exact user on the same host share one token chain (Exact caps
token calls at 200 per user and day, and one refresh serves every shop of the user): the chain's
tokens are stored on each of them, always together, in one transaction.
"""

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


def siblings(session: Session, conn: Connection, lock: bool = False) -> list[Connection]:
    """The other signed-in connections that share ``conn``'s token chain (same user and host)."""
    if conn.exact_user_id is None:
        return []
    query = select(Connection).where(
        Connection.region == conn.region,
        Connection.exact_user_id == conn.exact_user_id,
        Connection.id != conn.id,
        Connection.state != "disconnected",
    )
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return list(session.scalars(query))


def store_chain(
    session: Session, conn: Connection, box: SecretBox, access: str, refresh: str, expires_in: int
) -> TokenPair:
    """Store a new token pair on ``conn`` and on every connection sharing its chain (a new
    sign-in also revives a sibling that was waiting for one: its chain is this one now)."""
    pair = store_tokens(conn, box, access, refresh, expires_in)
    for other in siblings(session, conn, lock=True):
        store_tokens(other, box, access, refresh, expires_in)
    return pair


def chain_key(conn: Connection) -> str:
    """What the refresh lock is named after: the user's chain, or the connection alone."""
    if conn.exact_user_id is None:
        return f"conn:{conn.id}"
    return f"user:{conn.region}:{conn.exact_user_id}"


def forget_tokens(conn: Connection) -> None:
    conn.access_token_enc = None
    conn.refresh_token_enc = None
    conn.access_expires_at = None
    conn.state = "disconnected"
