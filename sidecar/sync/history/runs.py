"""Backfill runs and the orders each run found, kept in the database so a run survives anything.

A run is the import of one shop's order history since a date. Its paging position, its state and
every order it found are rows here, not Redis keys or job arguments: a worker killed mid-page, a
Redis restart or a new machine resumes from the stored position, and the orders already found are
neither listed nor posted twice. An order row holds the shop's order JSON only until the order is
handed to the order flow as an event (then the payload lives in the events table); that way no
more than one page of history waits outside the event table, and the stale-event sweeper never
sees more events than the run has released.

Progress is computed, not counted: the flows own links and events, so a row's outcome is read
from them (a failed link, events still waiting) instead of being copied into the row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    case,
    exists,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from sidecar.db import Base, UTCDateTime, utcnow
from sidecar.events.models import BigId, Event
from sidecar.sync.links import Link

RUN_STATES = ("running", "done", "failed")
# waiting: found, not yet handed to the order flow; queued: its event is stored and enqueued;
# posted: the order was already in Exact when the run found it (nothing to do).
ORDER_STATES = ("waiting", "queued", "posted")


class BackfillRun(Base):
    __tablename__ = "backfill_runs"
    __table_args__ = (Index("ix_backfill_runs_shop_id_state", "shop_id", "state"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    shop_id: Mapped[str] = mapped_column(String(32), ForeignKey("shops.id", ondelete="CASCADE"))
    # Orders modified in [since, until): until is the moment the run started; anything modified
    # later reaches the sidecar as a live event (or through reconcile).
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(10), default="running")
    # Where listing resumes: {"lower": ISO time (inclusive), "page": n}; None once listed.
    position: Mapped[str | None] = mapped_column(Text, default=None)
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The shop's own count of matching orders on the first page (an estimate until listed).
    shop_total: Mapped[int | None] = mapped_column(Integer, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class BackfillOrder(Base):
    __tablename__ = "backfill_orders"
    __table_args__ = (Index("ix_backfill_orders_run_id_state", "run_id", "state"),)

    run_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("backfill_runs.id", ondelete="CASCADE"), primary_key=True
    )
    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    modified: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[dict | None] = mapped_column(JSON, default=None)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


def current_run(session: Session, shop_id: str) -> BackfillRun | None:
    """The shop's running run, else its latest one."""
    return session.scalar(
        select(BackfillRun)
        .where(BackfillRun.shop_id == shop_id)
        .order_by((BackfillRun.state == "running").desc(), BackfillRun.id.desc())
        .limit(1)
    )


def _category(run: BackfillRun):  # noqa: ANN202
    """Each found order is waiting, in flight (events not yet processed), failed or done."""
    pending = exists().where(
        Event.shop_id == run.shop_id,
        Event.entity_kind == "order",
        Event.entity_id == BackfillOrder.order_id,
        Event.state == "received",
    )
    failed = exists().where(
        Link.shop_id == run.shop_id,
        Link.kind == "order",
        Link.shop_key == BackfillOrder.order_id,
        Link.state == "failed",
    )
    return case(
        (BackfillOrder.state == "waiting", "waiting"),
        (BackfillOrder.state == "posted", "done"),
        (pending, "in_flight"),
        (failed, "failed"),
        else_="done",
    )


def counts(session: Session, run: BackfillRun) -> dict[str, int]:
    """How many of the run's orders are waiting, in flight, failed, done; plus 'posted' (already
    in Exact when found), which the rate estimate leaves out."""
    category = _category(run).label("category")
    rows = session.execute(
        select(category, func.count())
        .select_from(BackfillOrder)
        .where(BackfillOrder.run_id == run.id)
        .group_by(category)
    ).all()
    result = dict.fromkeys(("waiting", "in_flight", "failed", "done"), 0)
    result.update({name: int(n) for name, n in rows})
    result["posted"] = (
        session.scalar(
            select(func.count())
            .select_from(BackfillOrder)
            .where(and_(BackfillOrder.run_id == run.id, BackfillOrder.state == "posted"))
        )
        or 0
    )
    return result


def as_dict(run: BackfillRun, numbers: dict[str, int], eta: int | None) -> dict[str, Any]:
    """The progress document of ``GET /api/v1/shop/backfill`` and the CLI."""
    found = sum(numbers[k] for k in ("waiting", "in_flight", "failed", "done"))
    total = found if run.listed else max(found, run.shop_total or 0)
    return {
        "id": run.id,
        "state": run.state,
        "since": run.since.date().isoformat(),
        "done": numbers["done"],
        "total": total,
        "failed": numbers["failed"],
        "eta": eta,
        "waiting": numbers["waiting"],
        "in_flight": numbers["in_flight"],
        "listed": run.listed,
        "error": run.error,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None
