"""Named positions per shop that periodic jobs resume from.

Reconcile remembers how far it has compared the shop's order list, the Exact status poll how far
it has read each sync endpoint. Keeping them in the database (not Redis) means a Redis restart or a
new machine picks up where the last run stopped instead of re-reading history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sidecar.db import Base, UTCDateTime, utcnow
from sidecar.events.models import BigId


class Cursor(Base):
    __tablename__ = "cursors"
    __table_args__ = (UniqueConstraint("shop_id", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    shop_id: Mapped[str] = mapped_column(String(32), ForeignKey("shops.id", ondelete="CASCADE"))
    # "reconcile", "exact:salesinvoice/SalesInvoices", ...: the job that owns it decides.
    name: Mapped[str] = mapped_column(String(80))
    value: Mapped[str | None] = mapped_column(Text, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def get_cursor(session: Session, shop_id: str, name: str) -> str | None:
    return session.scalar(
        select(Cursor.value).where(Cursor.shop_id == shop_id, Cursor.name == name)
    )


def set_cursor(session: Session, shop_id: str, name: str, value: str | None) -> None:
    row = session.scalar(select(Cursor).where(Cursor.shop_id == shop_id, Cursor.name == name))
    if row is None:
        session.add(Cursor(shop_id=shop_id, name=name, value=value))
    else:
        row.value = value
    session.flush()
