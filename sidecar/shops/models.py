"""The shop table. Secrets and REST credentials are stored encrypted (see security.SecretBox)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.db import Base, UTCDateTime, utcnow

PLATFORMS = ("woocommerce", "magento")


class Shop(Base):
    __tablename__ = "shops"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(String(200))
    secret_enc: Mapped[str] = mapped_column(Text)
    # After a rotation the old secret keeps working until previous_secret_until.
    previous_secret_enc: Mapped[str | None] = mapped_column(Text, default=None)
    previous_secret_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # JSON document of the shop's REST credentials for pushback, encrypted as a whole.
    credentials_enc: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
