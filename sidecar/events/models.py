"""The event table: every accepted event is a row before the plugin hears 2xx."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.db import Base, UTCDateTime, utcnow

# received: waiting for its job; processed: a flow handled it; ignored: no flow wanted it;
# failed: a flow gave up with a permanent error (the activity log says how to resolve it).
EVENT_STATES = ("received", "processed", "ignored", "failed")

# SQLite autoincrements only INTEGER PRIMARY KEY; PostgreSQL gets a bigint identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("shop_id", "event_id"),
        Index("ix_events_entity", "shop_id", "entity_kind", "entity_id", "state"),
        Index("ix_events_state_received", "state", "received_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    shop_id: Mapped[str] = mapped_column(String(32), ForeignKey("shops.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10), default="shop")
    type: Mapped[str] = mapped_column(String(40))
    entity_kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    payload: Mapped[dict | None] = mapped_column(JSON, default=None)
    state: Mapped[str] = mapped_column(String(12), default="received")
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
