"""A connection links one shop to one Exact division; its OAuth tokens are stored encrypted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.db import Base, UTCDateTime, utcnow

CONNECTION_STATES = ("connected", "needs_reauth", "disconnected")


class Connection(Base):
    __tablename__ = "connections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    shop_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("shops.id", ondelete="CASCADE"), unique=True
    )
    region: Mapped[str] = mapped_column(String(10), default="nl")
    # The Exact user (``current/Me.UserID``) that signed in. Connections of one user on one host
    # share one token chain: the same tokens are stored on each, refreshed together under one
    # lock, because Exact caps token calls per user and day. None: signed in before this was
    # kept; such a connection refreshes alone until it signs in again.
    exact_user_id: Mapped[str | None] = mapped_column(String(64), default=None)
    division: Mapped[int | None] = mapped_column(Integer, default=None)
    division_name: Mapped[str | None] = mapped_column(String(200), default=None)
    access_token_enc: Mapped[str | None] = mapped_column(Text, default=None)
    refresh_token_enc: Mapped[str | None] = mapped_column(Text, default=None)
    access_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    state: Mapped[str] = mapped_column(String(20), default="disconnected")
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_connections_region_exact_user", "region", "exact_user_id"),)
