"""Reconcile: find orders whose plugin event was lost, so a lost event never loses an order.

Plugin events are the fast path, but a webhook can be dropped, a plugin's queue can be cleared,
a shop can be restored from a backup. So every ``EVERY_SECONDS`` each shop with REST credentials
is asked for its orders in a trigger status modified in a window; an order the sidecar has not
posted, is not working on, and never received in this version becomes an event (the same kind
backfill stores) on the ``orders`` queue, and the activity log says it was found this way.

The window runs from the previous run's start minus ``BUFFER_SECONDS`` (so clock skew between
shop and sidecar and slow commits cannot open a gap) to this run's start minus
``GRACE_SECONDS`` (an order modified moments ago may still be in the plugin's delivery queue;
taking it now would only race the real event). The start is kept with ``sync.cursors`` under
the name ``reconcile``; a run that could not reach the shop keeps the old cursor, so the next
one covers the gap. A shop without a cursor starts with the last ``BUFFER_SECONDS``: history
is what backfill is for.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from rq import get_current_job
from sqlalchemy import select

from sidecar.activity import log as activity
from sidecar.db import utcnow
from sidecar.events.models import Event
from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime, get_runtime
from sidecar.shops.http import ShopRefused, ShopUnavailable
from sidecar.shops.models import Shop
from sidecar.shops.settings import typed_settings
from sidecar.sync.cursors import get_cursor, set_cursor
from sidecar.sync.history.source import Position, ShopOrder, deliver, next_position, source_for
from sidecar.sync.links import Link

log = logging.getLogger(__name__)

CURSOR = "reconcile"
ERROR_CURSOR = "reconcile:error"
EVERY_SECONDS = 600
BUFFER_SECONDS = 900
GRACE_SECONDS = 300
QUEUE = "orders"
# States in which the sidecar already has the order in hand: posted, failed with a resolution
# shown to the shop owner, or a create whose outcome is being settled.
HANDLED = ("posted", "failed", "attempting")


def run_all() -> int:
    """Periodic: one reconcile job per shop that has handed over REST credentials."""
    rt = get_runtime()
    with rt.db.session() as session:
        shop_ids = list(session.scalars(select(Shop.id).where(Shop.credentials_enc.is_not(None))))
    for shop_id in shop_ids:
        rt.queues.enqueue_entity(
            "default",
            entity_key("reconcile", shop_id, "orders"),
            shop_id,
            func="sidecar.sync.history.reconcile.reconcile_shop",
        )
    return len(shop_ids)


def reconcile_shop(shop_id: str, now: datetime | None = None) -> int:
    """Compare one shop's recent orders with what the sidecar holds; returns how many it found."""
    rt = get_runtime()
    job = get_current_job()
    if job is not None:
        rt.queues.claim(entity_key("reconcile", shop_id, "orders"), job.id)
    started = (now or utcnow()).replace(microsecond=0)
    source = source_for(rt, shop_id)
    if source is None:
        return 0
    with rt.db.session() as session:
        shop = session.get(Shop, shop_id)
        statuses = typed_settings(session, shop_id, shop.platform).trigger_statuses
        cursor = get_cursor(session, shop_id, CURSOR)
    previous = datetime.fromisoformat(cursor) if cursor else started
    position: Position | None = Position(previous - timedelta(seconds=BUFFER_SECONDS))
    upper = started - timedelta(seconds=GRACE_SECONDS)
    found = 0
    try:
        while position is not None and position.lower < upper:
            page = source.page(statuses, position, upper)
            found += _take_missing(rt, shop_id, page.orders)
            position = next_position(position, page)
    except (ShopUnavailable, ShopRefused) as exc:
        _report(rt, shop_id, exc)
        return found
    with rt.db.session() as session:
        set_cursor(session, shop_id, CURSOR, started.isoformat())
        if get_cursor(session, shop_id, ERROR_CURSOR):
            set_cursor(session, shop_id, ERROR_CURSOR, None)
    if found:
        log.info("reconcile %s: %d order(s) whose event never arrived", shop_id, found)
    return found


def _take_missing(rt: Runtime, shop_id: str, orders: list[ShopOrder]) -> int:
    if not orders:
        return 0
    ids = [o.entity_id for o in orders]
    with rt.db.session() as session:
        states = dict(
            session.execute(
                select(Link.shop_key, Link.state).where(
                    Link.shop_id == shop_id, Link.kind == "order", Link.shop_key.in_(ids)
                )
            ).all()
        )
        events = session.execute(
            select(Event.entity_id, Event.state).where(
                Event.shop_id == shop_id, Event.entity_kind == "order", Event.entity_id.in_(ids)
            )
        ).all()
    received = {entity for entity, _ in events}
    waiting = {entity for entity, state in events if state == "received"}
    missing = [
        o for o in orders if states.get(o.entity_id) not in HANDLED and o.entity_id not in waiting
    ]
    new = deliver(rt, shop_id, missing, QUEUE, enqueue_all=False)
    if not new:
        return 0
    with rt.db.session() as session:
        for order in missing:
            if order.entity_id in new:
                activity.record(
                    session,
                    shop_id,
                    "order",
                    _message(order, order.entity_id in received),
                    level="warning",
                    entity=f"order:{order.entity_id}",
                    direction="in",
                    resolution="Nothing to do for this order. If this happens often, check the "
                    "plugin's failed deliveries and the shop's scheduled tasks (cron).",
                )
    return len(new)


def _message(order: ShopOrder, had_events: bool) -> str:
    number = order.number or order.entity_id
    if had_events:
        return (
            f"Order {number} was found by reconcile: its change to status '{order.status}' "
            "never arrived as an event."
        )
    return f"Order {number} was found by reconcile; its event never arrived."


def _report(rt: Runtime, shop_id: str, exc: Exception) -> None:
    """Say once (not every ten minutes) that the shop could not be compared."""
    message = f"Reconcile could not read the shop's orders: {exc}"
    with rt.db.session() as session:
        if get_cursor(session, shop_id, ERROR_CURSOR) == message:
            return
        set_cursor(session, shop_id, ERROR_CURSOR, message)
        activity.record(
            session,
            shop_id,
            "reconcile",
            message,
            level="warning",
            direction="in",
            resolution=getattr(exc, "resolution", None)
            or "The sidecar tries again every ten minutes and covers the missed time.",
        )
    log.warning("reconcile %s: %s", shop_id, exc)
