"""The per-shop settings document: its storage, its schema and its defaults.

The document lives in the sidecar (the plugins only render it), so one schema validates what both
platforms send. This module holds the frame; flows add their sections (document type, mappings...)
as fields of ``SettingsSchema``. Unknown keys are refused rather than stored, so a typo in a plugin
shows up as a field error instead of a setting that silently does nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates
from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from sidecar.db import Base, UTCDateTime, utcnow
from sidecar.mapping.schemas import section_field
from sidecar.mapping.settings_model import Settings, settings_from
from sidecar.shops.base import adapter

SETTINGS_VERSION = 1


class ShopSettings(Base):
    __tablename__ = "settings"

    shop_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[dict] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SettingsSchema(Schema):
    class Meta:
        unknown = RAISE

    version = fields.Integer(load_default=SETTINGS_VERSION, validate=validate.Equal(1))
    trigger_statuses = fields.List(
        fields.String(validate=validate.Regexp(r"^[a-z0-9_-]{1,50}$", error="Not a status slug.")),
        required=True,
        validate=validate.Length(min=1, max=30),
    )

    document = section_field("document")
    customers = section_field("customers")
    items = section_field("items")
    vat = section_field("vat")
    revenue = section_field("revenue")
    shipping = section_field("shipping")
    payment = section_field("payment")
    discounts = section_field("discounts")
    dimensions = section_field("dimensions")
    free_fields = section_field("free_fields")
    rounding = section_field("rounding")
    pushback = section_field("pushback")
    refunds = section_field("refunds")
    customer_sync = fields.Boolean(load_default=False)

    @validates("trigger_statuses")
    def _unique_statuses(self, value: list[str], **_kwargs: Any) -> None:
        if len(set(value)) != len(value):
            raise ValidationError("Each status may be listed once.")


def default_settings(platform: str) -> dict[str, Any]:
    """The stored (JSON) form of a document with every default filled in."""
    schema = SettingsSchema()
    statuses = list(adapter(platform).default_trigger_statuses)
    return schema.dump(schema.load({"trigger_statuses": statuses}))


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested messages into CONTRACT.md's ``{"json.path": [problems]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix or "$"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_errors(value, path))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat.setdefault(prefix or "$", []).extend(messages)
    elif isinstance(messages, list):
        for item in messages:
            flat.update(flatten_errors(item, prefix))
    else:
        flat.setdefault(prefix or "$", []).append(str(messages))
    return flat


def load_settings(session: Session, shop_id: str, platform: str) -> dict[str, Any]:
    """The stored document in its JSON form, completed with defaults for sections added since
    it was saved (so a newer sidecar never hands a plugin a document missing a section)."""
    row = session.get(ShopSettings, shop_id)
    if row is None:
        return default_settings(platform)
    schema = SettingsSchema()
    return schema.dump(schema.load(dict(row.document)))


def typed_settings(session: Session, shop_id: str, platform: str) -> Settings:
    """The document as typed, frozen objects (Decimal amounts), for the flows."""
    return settings_from(SettingsSchema().load(load_settings(session, shop_id, platform)))


def validate_settings(document: dict[str, Any], platform: str | None = None) -> dict[str, Any]:
    """The stored form of a whole document, or ValidationError with the problems."""
    if platform is not None and "trigger_statuses" not in document:
        defaults = list(adapter(platform).default_trigger_statuses)
        document = {**document, "trigger_statuses": defaults}
    schema = SettingsSchema()
    return schema.dump(schema.load(document))


def save_settings(
    session: Session, shop_id: str, document: dict[str, Any], platform: str | None = None
) -> dict[str, Any]:
    """Validate and store a whole document; raises ValidationError with the problems.

    A PUT replaces the document: sections left out get their defaults, and so do the trigger
    statuses, which are the platform's (``PUT {}`` stores the defaults, as the contract says)."""
    clean = validate_settings(document, platform)
    row = session.get(ShopSettings, shop_id)
    if row is None:
        session.add(ShopSettings(shop_id=shop_id, document=clean, revision=1))
    else:
        row.document = clean
        row.revision += 1
    return clean
