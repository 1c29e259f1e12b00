"""Accepting events: persist once per (shop, event id), then hand the entity to its queue.

The insert is an insert-or-ignore on the unique key, so a redelivered event costs one statement
and enqueues nothing. The event is committed before it is enqueued and before the plugin hears
2xx; if Redis is down at that moment the event is still accepted (it is stored) and the periodic
sweeper (``jobs.tasks.requeue_stale_events``) enqueues it later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from sidecar import metrics
from sidecar.db import utcnow
from sidecar.events.models import Event
from sidecar.events.schemas import ENTITY_KIND
from sidecar.jobs.queues import KIND_QUEUE, entity_key
from sidecar.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    event_id: str
    status: str  # accepted | duplicate


@cache
def _insert_statement(dialect: str) -> Insert:
    """Built once per dialect; Core (not the ORM) keeps the hot path short."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(Event.__table__)
        .on_conflict_do_nothing(index_elements=["shop_id", "event_id"])
        .returning(Event.__table__.c.event_id)
    )


def _kind(event: dict[str, Any]) -> str:
    """Plugin events map their type to a kind; Exact deliveries carry ``entity_kind``."""
    return event.get("entity_kind") or ENTITY_KIND[event["type"]]


def _row(shop_id: str, event: dict[str, Any]) -> dict[str, Any]:
    return {
        "shop_id": shop_id,
        "event_id": event["id"],
        "source": event.get("source", "shop"),
        "type": event["type"],
        "entity_kind": _kind(event),
        "entity_id": event["entity_id"],
        "occurred_at": event["occurred_at"],
        "received_at": utcnow(),
        "payload": event["data"],
        "state": "received",
    }


def store_events(rt: Runtime, shop_id: str, events: list[dict[str, Any]]) -> list[Outcome]:
    """Persist validated events with one statement; raises on storage failure (nothing stored).

    One multi-row INSERT .. ON CONFLICT DO NOTHING RETURNING in autocommit mode is atomic on its
    own and costs one round trip, where BEGIN / INSERT / COMMIT would cost three.
    """
    if not events:
        return []
    rows = {}
    for event in events:
        rows.setdefault(event["id"], _row(shop_id, event))  # the same id twice: stored once
    # A cached single-row statement with a parameter list: SQLAlchemy sends it as one
    # multi-row INSERT (insertmanyvalues) without recompiling per request.
    params = list(rows.values())
    with rt.db.autocommit() as conn:
        result = conn.execute(
            _insert_statement(rt.db.dialect), params[0] if len(params) == 1 else params
        )
        inserted = set(result.scalars())
    outcomes = []
    for event in events:
        new = event["id"] in inserted
        inserted.discard(event["id"])
        outcomes.append(Outcome(event["id"], "accepted" if new else "duplicate"))
    return outcomes


def dispatch(rt: Runtime, shop_id: str, events: list[dict[str, Any]], outcomes: list[Outcome]):  # noqa: ANN201
    """Enqueue the entities of newly stored events and count outcomes; never raises."""
    try:
        pipe = rt.redis.pipeline(transaction=False)
        seen: set[str] = set()
        for event, outcome in zip(events, outcomes, strict=True):
            if outcome.status != "accepted":
                continue
            kind = _kind(event)
            key = entity_key(kind, shop_id, event["entity_id"])
            if key in seen:
                continue
            seen.add(key)
            rt.queues.enqueue_entity(
                KIND_QUEUE[kind], key, shop_id, kind, event["entity_id"], pipeline=pipe
            )
        for status in ("accepted", "duplicate"):
            count = sum(1 for o in outcomes if o.status == status)
            if count:
                pipe.hincrby(metrics.EVENTS_KEY, f"{shop_id}|{status}", count)
        pipe.execute()
    except RedisError as exc:
        log.warning(
            "events stored but not enqueued (Redis: %s); the sweeper will enqueue them", exc
        )
