"""Backfill: import a shop's order history since a date, paced so live orders never wait behind it.

A run (``backfill_runs``) pages through the shop's REST order list (orders in a trigger status,
modified between ``since`` and the moment the run started) and hands each order to the ordinary
order flow as an event. Everything is driven by one short RQ job, ``step``, that re-enqueues
itself: each step reads at most one page from the shop, releases found orders into the flow
while the window and Exact's budget have room, and ends the run when every order has an outcome.

Pacing, so 5,000 history orders cannot starve live ones:
- released orders run on the ``backfill`` queue, which workers serve after ``orders``: a live
  order never waits behind history in a queue;
- at most ``WINDOW`` released orders are unfinished at any time, and none are released while the
  division's Exact budget (``exact/ratelimit.py``, shared by every worker) is down to the reserve
  the sidecar keeps for orders (SIDECAR_EXACT_RESERVE_MINUTE / _DAY): the step waits for the
  budget's reset instead;
- orders are stored as events only when released, so the stale-event sweeper never sees more
  history than the window.

Resumable: the run's position, state and found orders are rows; a killed worker or a lost Redis
leaves at worst a step that never ran, and the periodic ``resume_runs`` (every minute) enqueues it
again. Nothing is posted twice: an order's event id is stable, a row per order and run keeps it
from being released twice, and the order flow itself never posts an order whose link is posted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from redis.exceptions import LockError
from rq import get_current_job
from sqlalchemy import select, update

from sidecar.activity import log as activity
from sidecar.db import utcnow
from sidecar.errors import PermanentError, RetryableError
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import NotConnected
from sidecar.exact.ratelimit import SKEW_MS
from sidecar.jobs import retry
from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime, get_runtime
from sidecar.shops.models import Shop
from sidecar.shops.settings import typed_settings
from sidecar.sync.history.runs import BackfillOrder, BackfillRun, as_dict, counts, current_run
from sidecar.sync.history.source import (
    Position,
    ShopOrder,
    deliver,
    next_position,
    source_for,
)
from sidecar.sync.links import Link

log = logging.getLogger(__name__)

QUEUE = "backfill"
STEP = "sidecar.sync.history.backfill.step"
# Released orders not yet finished, at most: bounds what history can put in front of Exact.
WINDOW = 50
# Seconds between steps while orders are in flight; shorter when the window drains quickly.
STEP_SECONDS = 3.0
FAST_STEP_SECONDS = 1.0
# Longest wait for the day budget before looking again (a reconnect may change the division).
DAY_WAIT_CAP_SECONDS = 3600.0
# The ETA before a rate can be observed: Exact calls per order (1 for a known customer, 3 for a
# new one, docs/benchmarks.md) and the documented default limits per division.
CALLS_PER_ORDER = 2
EXACT_PER_MINUTE = 60
EXACT_PER_DAY = 5000
MIN_OBSERVED = 10


class BackfillInputError(ValueError):
    """The request cannot start a run; the message names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_since(text: Any, today: date | None = None) -> date:
    if not isinstance(text, str):
        raise BackfillInputError("since", "Must be a date as YYYY-MM-DD.")
    try:
        since = date.fromisoformat(text)
    except ValueError:
        raise BackfillInputError("since", "Must be a date as YYYY-MM-DD.") from None
    if len(text) != 10:
        raise BackfillInputError("since", "Must be a date as YYYY-MM-DD.")
    if since > (today or datetime.now(UTC).date()):
        raise BackfillInputError("since", "Must not be in the future.")
    return since


def _key(shop_id: str, run_id: int) -> str:
    return entity_key("backfill", shop_id, str(run_id))


def kick(rt: Runtime, shop_id: str, run_id: int, delay: float | None = None) -> str | None:
    """Enqueue the run's next step unless one is already waiting."""
    return rt.queues.enqueue_entity(QUEUE, _key(shop_id, run_id), run_id, func=STEP, delay=delay)


def start(rt: Runtime, shop_id: str, since: date) -> tuple[BackfillRun, bool]:
    """Start a run, or return the shop's unfinished one (False) untouched: one run at a time."""
    if source_for(rt, shop_id) is None:
        raise BackfillInputError(
            "credentials",
            "The shop has not handed over its REST credentials; reconnect the sidecar in the "
            "plugin's settings page first.",
        )
    # Two clicks at once must not start two runs: the check and the insert happen under a lock.
    with rt.redis.lock(f"sidecar:lock:backfill-start:{shop_id}", timeout=30, blocking_timeout=10):
        run, created = _start(rt, shop_id, since)
    kick(rt, shop_id, run.id)
    return run, created


def _start(rt: Runtime, shop_id: str, since: date) -> tuple[BackfillRun, bool]:
    with rt.db.session() as session:
        running = session.scalar(
            select(BackfillRun).where(
                BackfillRun.shop_id == shop_id, BackfillRun.state == "running"
            )
        )
        if running is not None:
            created = False
            run = running
        else:
            lower = datetime(since.year, since.month, since.day, tzinfo=UTC)
            run = BackfillRun(
                shop_id=shop_id,
                since=lower,
                until=utcnow().replace(microsecond=0),
                state="running",
                position=json.dumps(Position(lower).dump()),
                listed=False,
                attempts=0,
            )
            session.add(run)
            session.flush()
            activity.record(
                session,
                shop_id,
                "backfill",
                f"Backfill started: orders in a trigger status modified since {since.isoformat()} "
                "are sent to Exact Online, paced so new orders go first.",
                direction="in",
            )
            created = True
    return run, created


def progress(rt: Runtime, shop_id: str) -> dict[str, Any] | None:
    """The shop's running (else latest) run as a progress document; None if it never ran one."""
    with rt.db.session() as session:
        run = current_run(session, shop_id)
        if run is None:
            return None
        numbers = counts(session, run)
    return as_dict(run, numbers, eta_seconds(rt, run, numbers))


def eta_seconds(
    rt: Runtime, run: BackfillRun, numbers: dict[str, int], now: datetime | None = None
) -> int | None:
    """Seconds left: the observed rate once there is one, else Exact's budget; None if unknown."""
    if run.state == "done":
        return 0
    if run.state != "running":
        return None
    found = sum(numbers[k] for k in ("waiting", "in_flight", "failed", "done"))
    if not run.listed and run.shop_total is None:
        return None
    unlisted = 0 if run.listed else max(0, (run.shop_total or 0) - found)
    remaining = numbers["waiting"] + numbers["in_flight"] + unlisted
    if remaining == 0:
        return 0
    processed = numbers["done"] + numbers["failed"] - numbers["posted"]
    elapsed = ((now or utcnow()) - run.started_at).total_seconds()
    if processed >= MIN_OBSERVED and elapsed > 0:
        return math.ceil(remaining * elapsed / processed)
    per_minute = max(1, EXACT_PER_MINUTE - rt.config.exact_reserve_minute)
    per_day = max(1, EXACT_PER_DAY - rt.config.exact_reserve_day)
    calls = remaining * CALLS_PER_ORDER
    return math.ceil(calls / per_minute * 60) + (calls // per_day) * 86400


# -- the step job -----------------------------------------------------------------------------
def step(run_id: int) -> str:
    rt = get_runtime()
    with rt.db.session() as session:
        run = session.get(BackfillRun, run_id)
        if run is None:
            return "gone"
        shop_id, state = run.shop_id, run.state
    key = _key(shop_id, run_id)
    job = get_current_job()
    if job is not None:
        rt.queues.claim(key, job.id)
    if state != "running":
        return state
    lock = rt.queues.entity_lock(key)
    if not lock.acquire():
        return "busy"  # the holder enqueues the next step itself
    delay: float | None = None
    try:
        try:
            outcome, delay = _advance(rt, run_id)
        except PermanentError as exc:
            _fail(rt, run_id, exc)
            return "failed"
        except Exception as exc:  # noqa: BLE001 - a shop outage or a bug: try again later
            if not isinstance(exc, RetryableError):
                log.exception("backfill %s: unexpected error", run_id)
                exc = RetryableError(f"internal error: {exc!r}")
            outcome, delay = _retry_later(rt, run_id, exc)
            if outcome == "failed":
                return outcome
    finally:
        with contextlib.suppress(LockError):
            lock.release()
    if outcome != "done":
        kick(rt, shop_id, run_id, delay)
    return outcome


def _retry_later(rt: Runtime, run_id: int, exc: RetryableError) -> tuple[str, float | None]:
    with rt.db.session() as session:
        run = session.get(BackfillRun, run_id)
        attempts = run.attempts
    try:
        decision = retry.decide(
            exc, attempts, base=rt.config.retry_base_seconds, cap=rt.config.retry_cap_seconds
        )
    except PermanentError as gave_up:
        _fail(rt, run_id, gave_up)
        return "failed", None
    with rt.db.session() as session:
        run = session.get(BackfillRun, run_id)
        run.attempts = decision.attempt
        run.error = str(exc)
    log.info("backfill %s: retry in %.0fs (%s)", run_id, decision.delay, exc)
    return "retry", decision.delay


def _advance(rt: Runtime, run_id: int) -> tuple[str, float | None]:
    with rt.db.session() as session:
        run = session.get(BackfillRun, run_id)
        numbers = counts(session, run)
        platform = session.get(Shop, run.shop_id).platform
        statuses = typed_settings(session, run.shop_id, platform).trigger_statuses
    in_flight = numbers["in_flight"]
    room = WINDOW - in_flight
    waiting = numbers["waiting"]
    if room > 0 and waiting == 0 and not run.listed:
        waiting += _list_page(rt, run, statuses)
    wait = None
    if room > 0 and waiting > 0:
        room, wait = _budget_room(rt, run.shop_id, room, in_flight)
        if room > 0:
            released = _release(rt, run, room)
            waiting -= released
            in_flight += released
    if waiting == 0 and in_flight == 0:
        with rt.db.session() as session:
            run = session.get(BackfillRun, run_id)
            numbers = counts(session, run)
        if run.listed and numbers["waiting"] == 0 and numbers["in_flight"] == 0:
            _finish(rt, run_id)
            return "done", None
        return "running", 0.0  # listing continues at once
    if wait is not None:
        return "running", wait
    return "running", FAST_STEP_SECONDS if numbers["in_flight"] < WINDOW // 2 else STEP_SECONDS


def _list_page(rt: Runtime, run: BackfillRun, statuses: Sequence[str]) -> int:
    """Read the page at the run's position; store the orders found; returns how many wait."""
    source = source_for(rt, run.shop_id)
    if source is None:
        raise PermanentError(
            "The shop's REST credentials are gone, so its order history cannot be read.",
            "Reconnect the sidecar in the plugin's settings page, then start the backfill again.",
        )
    position = Position.load(json.loads(run.position))
    page = source.page(statuses, position, run.until)
    following = next_position(position, page)
    ids = [o.entity_id for o in page.orders]
    added = 0
    with rt.db.session() as session:
        row = session.get(BackfillRun, run.id)
        known = set(
            session.scalars(
                select(BackfillOrder.order_id).where(
                    BackfillOrder.run_id == run.id, BackfillOrder.order_id.in_(ids)
                )
            )
        )
        posted = _posted(session, run.shop_id, ids)
        for order in page.orders:
            if order.entity_id in known:
                continue  # read again at a page boundary
            known.add(order.entity_id)
            state = "posted" if order.entity_id in posted else "waiting"
            session.add(
                BackfillOrder(
                    run_id=run.id,
                    order_id=order.entity_id,
                    state=state,
                    modified=order.modified,
                    payload=order.data if state == "waiting" else None,
                )
            )
            added += state == "waiting"
        if row.shop_total is None:
            row.shop_total = page.total
        row.position = json.dumps(following.dump()) if following else None
        row.listed = following is None
        row.attempts = 0
        row.error = None
        run.listed = row.listed
    return added


def _posted(session: Any, shop_id: str, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Link.shop_key).where(
                Link.shop_id == shop_id,
                Link.kind == "order",
                Link.shop_key.in_(ids),
                Link.state == "posted",
            )
        )
    )


def _release(rt: Runtime, run: BackfillRun, room: int) -> int:
    """Hand up to ``room`` waiting orders to the order flow, oldest first."""
    with rt.db.session() as session:
        rows = list(
            session.scalars(
                select(BackfillOrder)
                .where(BackfillOrder.run_id == run.id, BackfillOrder.state == "waiting")
                .order_by(BackfillOrder.modified, BackfillOrder.order_id)
                .limit(room)
            )
        )
        ids = [r.order_id for r in rows]
        # Posted meanwhile by a live event: storing history now would only log a false
        # "changed after it was posted" warning.
        posted = _posted(session, run.shop_id, ids)
        orders = [
            ShopOrder(r.order_id, r.modified, "", r.payload)
            for r in rows
            if r.order_id not in posted and r.payload is not None
        ]
    deliver(rt, run.shop_id, orders, QUEUE)
    now = utcnow()
    with rt.db.session() as session:
        if posted:
            session.execute(
                update(BackfillOrder)
                .where(BackfillOrder.run_id == run.id, BackfillOrder.order_id.in_(posted))
                .values(state="posted", payload=None)
            )
        released = [o.entity_id for o in orders]
        if released:
            session.execute(
                update(BackfillOrder)
                .where(BackfillOrder.run_id == run.id, BackfillOrder.order_id.in_(released))
                .values(state="queued", payload=None, queued_at=now)
            )
    return len(orders)


def _budget_room(rt: Runtime, shop_id: str, want: int, in_flight: int) -> tuple[int, float | None]:
    """How many orders the division's Exact budget lets us release now, keeping the reserve for
    live orders; (0, seconds to wait) when it has no room. Each order costs at least one call,
    and orders in flight still need theirs."""
    try:
        snapshot = ExactClient(rt, shop_id).budget.snapshot()
    except NotConnected:
        return want, None  # released orders wait for the connection themselves
    now_ms = time.time() * 1000
    for prefix, reserve, cap in (
        ("m", rt.config.exact_reserve_minute, None),
        ("d", rt.config.exact_reserve_day, DAY_WAIT_CAP_SECONDS),
    ):
        remaining, reset = snapshot.get(f"{prefix}_rem"), snapshot.get(f"{prefix}_reset")
        if remaining is None or (reset is not None and now_ms >= reset + SKEW_MS):
            continue  # unknown, or the window has renewed since
        spare = remaining - reserve - in_flight
        if spare <= 0:
            wait = max(((reset or now_ms + 1000) + SKEW_MS - now_ms) / 1000, 1.0)
            return 0, min(wait, cap) if cap else wait
        want = min(want, spare)
    return want, None


def _finish(rt: Runtime, run_id: int) -> None:
    with rt.db.session() as session:
        run = session.get(BackfillRun, run_id)
        numbers = counts(session, run)
        run.state = "done"
        run.finished_at = utcnow()
        run.error = None
        total = sum(numbers[k] for k in ("waiting", "in_flight", "failed", "done"))
        failed = numbers["failed"]
        activity.record(
            session,
            run.shop_id,
            "backfill",
            f"Backfill since {run.since.date().isoformat()} finished: {numbers['done']} of "
            f"{total} orders done, {failed} failed.",
            level="warning" if failed else "info",
            direction="in",
            resolution=(
                "Each failed order's activity line says what to change; press Retry on the "
                "order after fixing it."
                if failed
                else None
            ),
        )


def _fail(rt: Runtime, run_id: int, exc: PermanentError) -> None:
    with rt.db.session() as session:
        run = session.get(BackfillRun, run_id)
        run.state = "failed"
        run.finished_at = utcnow()
        run.error = str(exc)
        activity.record(
            session,
            run.shop_id,
            "backfill",
            f"Backfill since {run.since.date().isoformat()} stopped: {exc}",
            level="error",
            direction="in",
            resolution=exc.resolution,
        )


def resume_runs() -> int:
    """Periodic: give every running run a waiting step (after a killed worker or lost Redis)."""
    rt = get_runtime()
    with rt.db.session() as session:
        runs = session.execute(
            select(BackfillRun.id, BackfillRun.shop_id).where(BackfillRun.state == "running")
        ).all()
    resumed = 0
    for run_id, shop_id in runs:
        key = _key(shop_id, run_id)
        if kick(rt, shop_id, run_id) or (
            rt.queues.drop_orphan_marker(QUEUE, key) and kick(rt, shop_id, run_id)
        ):
            resumed += 1
    return resumed
