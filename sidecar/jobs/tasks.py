"""Task functions RQ runs. They are thin: load state, call a flow, record the outcome.

``process_entity`` is the one entry point for events: it takes the entity lock (one job per entity
at a time), hands the entity's pending events to the flow ``HANDLERS`` names for its kind and
turns the flow's errors into a retry at a computed time or a permanent failure with a resolution.

This module sits above the flows and imports them plainly; the flows sit above the jobs plumbing
(``queues``, ``retry``, ``schedule``) and name tasks only by dotted string, never by import.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from redis.exceptions import LockError
from rq import get_current_job
from sqlalchemy import delete, select

from sidecar import metrics
from sidecar.activity import log as activity
from sidecar.db import utcnow
from sidecar.errors import NothingToDo, PermanentError, RetryableError
from sidecar.events.models import Event
from sidecar.exact.auth import keep_alive
from sidecar.jobs import retry
from sidecar.jobs.queues import KIND_QUEUE, QUEUE_NAMES, entity_key
from sidecar.runtime import Runtime, get_runtime
from sidecar.sync.customers import flow as customer_flow
from sidecar.sync.history import backfill, reconcile  # noqa: F401 - jobs name their functions
from sidecar.sync.orders import flow as order_flow
from sidecar.sync.pushback import notes as shop_notes
from sidecar.sync.pushback import order_state, status, status_push
from sidecar.sync.pushback import status_poll as poll  # the task status_poll below has its name

log = logging.getLogger(__name__)

# A handler receives the runtime, the shop id, the entity id and the entity's pending events
# (oldest first) and raises the errors in ``sidecar.errors``; ``_handle`` records outcomes.
Handler = Callable[[Runtime, str, str, list[Event]], None]
# Which flow handles which entity kind. Adding a flow is one line here (and its queue in
# ``queues.KIND_QUEUE``); a test may replace a handler for its duration.
HANDLERS: dict[str, Handler] = {
    "order": order_flow.handle,
    "customer": customer_flow.handle,
    "exact": status.handle_exact_events,  # Exact webhook deliveries: status pushback
}

SWEEP_LIMIT = 1000


def _pending_events(rt: Runtime, shop_id: str, kind: str, entity_id: str) -> list[Event]:
    with rt.db.session() as session:
        return list(
            session.scalars(
                select(Event)
                .where(
                    Event.shop_id == shop_id,
                    Event.entity_kind == kind,
                    Event.entity_id == entity_id,
                    Event.state == "received",
                )
                .order_by(Event.id)
            )
        )


def _finish(rt: Runtime, events: list[Event], state: str, error: str | None = None) -> None:
    ids = [e.id for e in events]
    with rt.db.session() as session:
        for event in session.scalars(select(Event).where(Event.id.in_(ids))):
            event.state = state
            event.processed_at = utcnow()
            event.error = error


def _describe(kind: str, entity_id: str, events: list[Event]) -> str:
    types = ", ".join(sorted({e.type for e in events}))
    return f"{kind.capitalize()} {entity_id}: {len(events)} event(s) ({types})"


def process_entity(shop_id: str, kind: str, entity_id: str, attempt: int = 0) -> str:
    rt = get_runtime()
    queues = rt.queues
    key = entity_key(kind, shop_id, entity_id)
    job = get_current_job()
    if job is not None:
        queues.claim(key, job.id)
        if job.enqueued_at is not None:
            waited = datetime.now(UTC).replace(tzinfo=None) - job.enqueued_at.replace(tzinfo=None)
            metrics.observe_wait(rt.redis, KIND_QUEUE[kind], waited.total_seconds())

    lock = queues.entity_lock(key)
    if not lock.acquire():
        # Another run holds the entity; come back when it is likely done (does not count).
        _reschedule(rt, kind, shop_id, entity_id, retry.BUSY_SECONDS, attempt)
        return "busy"
    started = time.monotonic()
    outcome = "error"
    try:
        outcome = _handle(rt, shop_id, kind, entity_id, attempt)
        return outcome
    finally:
        with contextlib.suppress(LockError):  # expired after JOB_TIMEOUT: nothing to release
            lock.release()
        metrics.observe_job(rt.redis, KIND_QUEUE[kind], outcome, time.monotonic() - started)


def _handle(rt: Runtime, shop_id: str, kind: str, entity_id: str, attempt: int) -> str:
    events = _pending_events(rt, shop_id, kind, entity_id)
    if not events:
        return "nothing"
    handler = HANDLERS.get(kind)
    if handler is None:
        _finish(rt, events, "ignored", f"no flow handles {kind} events")
        with rt.db.session() as session:
            activity.record(
                session,
                shop_id,
                kind,
                _describe(kind, entity_id, events)
                + " received; no flow for this kind is enabled, so it was stored only.",
                entity=f"{kind}:{entity_id}",
                direction="in",
            )
        return "ignored"
    try:
        handler(rt, shop_id, entity_id, events)
    except NothingToDo:
        pass
    except PermanentError as exc:
        _fail(rt, shop_id, kind, entity_id, exc)
        return "failed"
    except Exception as exc:  # noqa: BLE001 - a bug or an outage: back off, never lose the entity
        if not isinstance(exc, RetryableError):
            log.exception("%s:%s:%s: unexpected error", kind, shop_id, entity_id)
            exc = RetryableError(f"internal error: {exc!r}")
        try:
            decision = retry.decide(
                exc, attempt, base=rt.config.retry_base_seconds, cap=rt.config.retry_cap_seconds
            )
        except PermanentError as gave_up:
            _fail(rt, shop_id, kind, entity_id, gave_up)
            return "failed"
        _reschedule(rt, kind, shop_id, entity_id, decision.delay, decision.attempt)
        log.info("%s:%s:%s: retry in %.0fs (%s)", kind, shop_id, entity_id, decision.delay, exc)
        return "retry"
    _finish(rt, events, "processed")
    return "ok"


def _reschedule(
    rt: Runtime, kind: str, shop_id: str, entity_id: str, delay: float, attempt: int
) -> None:
    """The next run goes where this one came from: a backfilled order retries on the low-priority
    ``backfill`` queue, so history never overtakes live orders on a retry either."""
    job = get_current_job()
    queue = job.origin if job is not None and job.origin in QUEUE_NAMES else KIND_QUEUE[kind]
    rt.queues.enqueue_entity(
        queue,
        entity_key(kind, shop_id, entity_id),
        shop_id,
        kind,
        entity_id,
        delay=delay,
        attempt=attempt,
    )


def _fail(rt: Runtime, shop_id: str, kind: str, entity_id: str, exc: PermanentError) -> None:
    _finish(rt, _pending_events(rt, shop_id, kind, entity_id), "failed", str(exc))
    text = str(exc)
    if not text.startswith(f"{kind.capitalize()} "):  # most name their order already
        text = f"{kind.capitalize()} {entity_id}: {text}"
    with rt.db.session() as session:
        activity.record(
            session,
            shop_id,
            kind,
            text,
            level="error",
            entity=f"{kind}:{entity_id}",
            resolution=exc.resolution,
        )


def requeue_stale_events() -> int:
    """Enqueue entities whose events wait unprocessed with no job pending (a lost enqueue)."""
    rt = get_runtime()
    queues = rt.queues
    cutoff = utcnow() - timedelta(seconds=rt.config.stale_event_seconds)
    with rt.db.session() as session:
        rows = session.execute(
            select(Event.shop_id, Event.entity_kind, Event.entity_id)
            .where(Event.state == "received", Event.received_at < cutoff)
            .group_by(Event.shop_id, Event.entity_kind, Event.entity_id)
            .limit(SWEEP_LIMIT)
        ).all()
    count = 0
    for shop_id, kind, entity_id in rows:
        key = entity_key(kind, shop_id, entity_id)
        queue = KIND_QUEUE[kind]
        if queues.enqueue_entity(queue, key, shop_id, kind, entity_id) or (
            queues.drop_orphan_marker(queue, key)
            and queues.enqueue_entity(queue, key, shop_id, kind, entity_id)
        ):
            count += 1
    if count:
        log.info("requeued %d entities whose events had no job", count)
    return count


def purge_retention() -> dict[str, int]:
    """Drop activity lines and finished events older than SIDECAR_RETENTION_DAYS."""
    rt = get_runtime()
    days = rt.config.retention_days
    with rt.db.session() as session:
        lines = activity.purge_older_than(session, days)
        result = session.execute(
            delete(Event).where(
                Event.state.in_(("processed", "ignored")),
                Event.received_at < utcnow() - timedelta(days=days),
            )
        )
    return {"activity": lines, "events": getattr(result, "rowcount", 0) or 0}


def exact_keep_alive() -> int:
    """Refresh Exact connections idle for a week, so their refresh tokens never lapse."""
    return keep_alive(get_runtime())


def push_order(shop_id: str, entity_id: str, attempt: int = 0) -> str:
    """Pushback job: bring the shop's view of one order up to date
    (``sync.pushback.order_state``)."""
    return _pushback_job(
        "push_order",
        entity_key("push", shop_id, entity_id),
        (shop_id, entity_id),
        attempt,
        lambda rt: order_state.push(rt, shop_id, entity_id),
    )


def push_status(shop_id: str, order_id: str, when: str, attempt: int = 0) -> str:
    """Status pushback job: a rule fired in Exact; set the shop status, write the note."""
    return _pushback_job(
        "push_status",
        entity_key("status", shop_id, status.status_key(order_id, when)),
        (shop_id, order_id, when),
        attempt,
        lambda rt: status_push.push(rt, shop_id, order_id, when),
    )


def push_note(shop_id: str, entity_id: str, note: str, attempt: int = 0) -> str:
    """Note job: one note for a person on a shop order (``sync.pushback.notes``)."""
    return _pushback_job(
        "push_note",
        shop_notes.note_key(shop_id, entity_id, note),
        (shop_id, entity_id, note),
        attempt,
        lambda rt: shop_notes.write(rt, shop_id, entity_id, note),
    )


def status_tick() -> dict[str, int]:
    """Every minute: queue the status polls and webhook checks that are due."""
    return poll.tick(get_runtime())


def status_poll(shop_id: str) -> dict[str, int] | str:
    """Poll Exact for paid invoices and delivered orders of one shop
    (``sync.pushback.status_poll``).

    Not retried: the next poll (``pushback.poll_minutes`` later) reads from the same cursors."""
    rt = get_runtime()
    job = get_current_job()
    if job is not None:
        rt.queues.claim(entity_key("statuspoll", shop_id, "exact"), job.id)
    try:
        return poll.poll(rt, shop_id)
    except (RetryableError, PermanentError) as exc:
        log.info("status poll of %s deferred to its next run: %s", shop_id, exc)
        return "deferred"


def status_subscribe(shop_id: str) -> str:
    """Subscribe a shop's Exact division to the status topics (checked again daily)."""
    rt = get_runtime()
    job = get_current_job()
    if job is not None:
        rt.queues.claim(entity_key("statushooks", shop_id, "exact"), job.id)
    return poll.subscribe(rt, shop_id)


def _pushback_job(
    name: str,
    key: str,
    args: tuple[str, ...],
    attempt: int,
    run: Callable[[Runtime], str],
) -> str:
    """Run one shop write; an outage is retried at a computed time, a refusal is reported."""
    rt = get_runtime()
    shop_id, entity_id = args[0], args[1]
    job = get_current_job()
    if job is not None:
        rt.queues.claim(key, job.id)
    started = time.monotonic()
    outcome = "error"
    try:
        outcome = run(rt)
    except PermanentError as exc:
        outcome = "failed"
        _push_failed(rt, shop_id, entity_id, exc)
    except Exception as exc:  # noqa: BLE001 - retry later, never drop the pushback
        if not isinstance(exc, RetryableError):
            log.exception("%s: unexpected error", key)
            exc = RetryableError(f"internal error: {exc!r}")
        try:
            decision = retry.decide(
                exc, attempt, base=rt.config.retry_base_seconds, cap=rt.config.retry_cap_seconds
            )
        except PermanentError as gave_up:
            outcome = "failed"
            _push_failed(rt, shop_id, entity_id, gave_up)
            return outcome
        rt.queues.enqueue_entity(
            "pushback",
            key,
            *args,
            func=f"sidecar.jobs.tasks.{name}",
            delay=decision.delay,
            attempt=decision.attempt,
        )
        outcome = "retry"
    finally:
        metrics.observe_job(rt.redis, "pushback", outcome, time.monotonic() - started)
    return outcome


def _push_failed(rt: Runtime, shop_id: str, entity_id: str, exc: PermanentError) -> None:
    with rt.db.session() as session:
        activity.record(
            session,
            shop_id,
            "pushback",
            f"Order {entity_id}: could not update the shop: {exc}",
            level="error",
            entity=f"order:{entity_id}",
            direction="out",
            resolution=exc.resolution,
        )
