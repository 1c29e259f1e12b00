"""Links bind a shop entity to its Exact record; they are the idempotency key of every flow.

This module is the only writer of links (architecture rule 1): a flow records the attempt before
it creates anything in Exact and stores the Exact id the moment the create returns, so a retry
after a crash or a timeout knows whether to search Exact before creating again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sidecar.db import Base, UTCDateTime, utcnow
from sidecar.errors import PermanentError
from sidecar.events.models import BigId

# pending: nothing sent yet; attempting: a create was sent and its outcome is unknown;
# posted: Exact holds the record; failed: a permanent error, see last_error and resolution;
# skipped: the entity needs no Exact record (e.g. an order that never reached a trigger status).
LINK_STATES = ("pending", "attempting", "posted", "failed", "skipped")


class Link(Base):
    __tablename__ = "links"
    __table_args__ = (UniqueConstraint("shop_id", "kind", "shop_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    shop_id: Mapped[str] = mapped_column(String(32), ForeignKey("shops.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    shop_key: Mapped[str] = mapped_column(String(100))
    division: Mapped[int | None] = mapped_column(Integer, default=None)
    exact_kind: Mapped[str | None] = mapped_column(String(30), default=None)
    exact_id: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    exact_number: Mapped[str | None] = mapped_column(String(40), default=None)
    payload_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    # An order link: the fingerprint of the shop order it was posted from (sync.orders.content).
    content_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    resolution: Mapped[str | None] = mapped_column(Text, default=None)
    # The settings path a permanent failure names ("vat.rates"): saving it re-queues the entity.
    failed_setting: Mapped[str | None] = mapped_column(String(100), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def get_link(session: Session, shop_id: str, kind: str, shop_key: str) -> Link | None:
    return session.scalar(
        select(Link).where(Link.shop_id == shop_id, Link.kind == kind, Link.shop_key == shop_key)
    )


def ensure_link(session: Session, shop_id: str, kind: str, shop_key: str) -> Link:
    link = get_link(session, shop_id, kind, shop_key)
    if link is None:
        link = Link(shop_id=shop_id, kind=kind, shop_key=shop_key, state="pending", attempts=0)
        session.add(link)
        session.flush()
    return link


def record_attempt(session: Session, link: Link, payload_hash: str, division: int | None) -> None:
    """Mark that a create is about to be sent; committed by the caller before sending."""
    if link.state == "posted":
        raise ValueError(f"link {link.kind}:{link.shop_key} is already posted")
    link.state = "attempting"
    link.payload_hash = payload_hash
    link.division = division
    link.attempts += 1
    link.last_error = None
    link.resolution = None


def mark_posted(
    session: Session, link: Link, exact_kind: str, exact_id: str, exact_number: str | None
) -> None:
    link.state = "posted"
    link.failed_setting = None
    link.exact_kind = exact_kind
    link.exact_id = exact_id
    link.exact_number = exact_number
    link.last_error = None
    link.resolution = None


def mark_failed(
    session: Session, link: Link, error: str, resolution: str, setting: str | None = None
) -> None:
    if link.state == "posted":
        raise ValueError(f"link {link.kind}:{link.shop_key} is posted and cannot fail")
    link.state = "failed"
    link.last_error = error
    link.resolution = resolution
    link.failed_setting = setting


def fail_unless_posted(
    session: Session, shop_id: str, kind: str, shop_key: str, exc: PermanentError
) -> None:
    """Record a permanent failure on the entity's link; a posted link keeps its state (the
    failure was about something after posting). The setting a ``MissingMapping`` names is kept,
    so saving it re-queues the entity."""
    link = ensure_link(session, shop_id, kind, shop_key)
    if link.state != "posted":
        mark_failed(session, link, str(exc), exc.resolution, getattr(exc, "setting", None))


def mark_skipped(session: Session, link: Link, reason: str) -> None:
    if link.state != "posted":
        link.state = "skipped"
        link.last_error = reason
