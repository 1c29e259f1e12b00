"""Reading a shop's orders by modification time, for backfill and reconcile, on both platforms.

Paging is by keyset, not by page number: after each page the lower bound moves to the last
order's modification second and paging starts again at page 1. Page numbers alone would skip
orders, because posting an order makes the sidecar write back to it (pushback), which moves it to
the end of a list sorted by modification time and shifts every later order one place forward.
The bound is inclusive (the last second is read again, so orders sharing it are not lost); if a
whole page shares one second, the page number moves on instead. Orders read twice are harmless:
an order's event id is stable for (order id, modification time).

The platform's own paging rules (an exclusive or inclusive lower bound, when a list ends) are its
adapter's (``ShopApi.list_orders``). An order becomes an event of the same shape the plugins send
(``order.updated`` with the platform's REST order JSON), so the order flow treats it like any
other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sidecar.events import ingest
from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.shops.base import Page, ShopApi, ShopOrder
from sidecar.shops.models import Shop
from sidecar.shops.service import shop_api

SOURCE = "pull"

__all__ = ["OrderSource", "Page", "Position", "ShopOrder", "deliver", "next_position", "source_for"]


@dataclass(frozen=True)
class Position:
    lower: datetime  # inclusive
    page: int = 1

    def dump(self) -> dict[str, Any]:
        return {"lower": self.lower.isoformat(), "page": self.page}

    @classmethod
    def load(cls, value: dict[str, Any]) -> Position:
        return cls(datetime.fromisoformat(value["lower"]), int(value["page"]))


class OrderSource:
    """One shop's order list through its adapter, read page by page from a ``Position``."""

    def __init__(self, api: ShopApi) -> None:
        self.api = api
        self.page_size = api.page_size

    def page(
        self, statuses: Sequence[str], position: Position, upper: datetime | None = None
    ) -> Page:
        """Orders in ``statuses`` modified in [position.lower, upper), oldest first."""
        return self.api.list_orders(statuses, position.lower, upper, position.page)


def next_position(position: Position, page: Page) -> Position | None:
    """Where the next page starts, or None when the list is exhausted."""
    if not page.more or not page.orders:
        return None
    last = max(position.lower, page.orders[-1].modified)
    if last > position.lower:
        return Position(last, 1)
    return Position(position.lower, position.page + 1)


def source_for(rt: Runtime, shop_id: str) -> OrderSource | None:
    """The shop's order source, or None while the plugin has not handed over REST credentials."""
    with rt.db.session() as session:
        shop = session.get(Shop, shop_id)
        if shop is None:
            return None
        api = shop_api(shop, rt.box)
    return OrderSource(api) if api is not None else None


def event_for(order: ShopOrder) -> dict[str, Any]:
    """The event a plugin would have sent; its id is stable for (order, modification time)."""
    stamp = order.modified.strftime("%Y%m%dT%H%M%SZ")
    return {
        "id": f"pull:{order.entity_id}:{stamp}",
        "source": SOURCE,
        "type": "order.updated",
        "occurred_at": order.modified,
        "entity_id": order.entity_id,
        "data": order.data,
    }


def deliver(
    rt: Runtime, shop_id: str, orders: list[ShopOrder], queue: str, enqueue_all: bool = True
) -> set[str]:
    """Store the orders as events and enqueue them on ``queue``; returns the entity ids whose
    event was new. With ``enqueue_all`` an order is enqueued even when its event was stored
    before (a run that crashed between storing and enqueueing); the per-entity marker keeps that
    from adding a second waiting job."""
    if not orders:
        return set()
    events = [event_for(o) for o in orders]
    outcomes = ingest.store_events(rt, shop_id, events)
    new = {
        event["entity_id"]
        for event, outcome in zip(events, outcomes, strict=True)
        if outcome.status == "accepted"
    }
    pipe = rt.redis.pipeline(transaction=False)
    for order in orders:
        if enqueue_all or order.entity_id in new:
            rt.queues.enqueue_entity(
                queue,
                entity_key("order", shop_id, order.entity_id),
                shop_id,
                "order",
                order.entity_id,
                pipeline=pipe,
            )
    pipe.execute()
    return new
