"""Activity lines, newest first by id; the id doubles as the paging cursor."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.db import Base, UTCDateTime, utcnow
from sidecar.events.models import BigId

LEVELS = ("info", "warning", "error")
DIRECTIONS = ("in", "out", "internal")


class Activity(Base):
    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_shop_id_desc", "shop_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    shop_id: Mapped[str] = mapped_column(String(32), ForeignKey("shops.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(10), default="info")
    entity: Mapped[str | None] = mapped_column(String(100), default=None)
    direction: Mapped[str] = mapped_column(String(10), default="internal")
    message: Mapped[str] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(Text, default=None)
