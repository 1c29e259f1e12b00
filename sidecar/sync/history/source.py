"""Reading a shop's orders by modification time, for backfill and reconcile, on both platforms.

Paging is by keyset, not by page number: after each page the lower bound moves to the last
order's modification second and paging starts again at page 1. Page numbers alone would skip
orders, because posting an order makes the sidecar write back to it (pushback), which moves it to
the end of a list sorted by modification time and shifts every later order one place forward.
The bound is inclusive (the last second is read again, so orders sharing it are not lost); if a
whole page shares one second, the page number moves on instead. Orders read twice are harmless:
an order's event id is stable for (order id, modification time).

An order becomes an event of the same shape the plugins send (``order.updated`` with the
platform's REST order JSON), so the order flow treats it like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sidecar.events import ingest
from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.shops.models import Shop
from sidecar.shops.service import load_credentials

SOURCE = "pull"


@dataclass(frozen=True)
class ShopOrder:
    entity_id: str
    modified: datetime  # UTC, whole seconds
    status: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Position:
    lower: datetime  # inclusive
    page: int = 1

    def dump(self) -> dict[str, Any]:
        return {"lower": self.lower.isoformat(), "page": self.page}

    @classmethod
    def load(cls, value: dict[str, Any]) -> Position:
        return cls(datetime.fromisoformat(value["lower"]), int(value["page"]))


@dataclass(frozen=True)
class Page:
    orders: list[ShopOrder]
    total: int | None  # the shop's count of orders matching the query
    more: bool  # more orders may follow this page


def _parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace(" ", "T").replace("Z", ""))
    return value.replace(tzinfo=UTC, microsecond=0)


def _woo_order(data: dict[str, Any]) -> ShopOrder:
    return ShopOrder(
        str(data["id"]),
        _parse_time(data.get("date_modified_gmt") or data["date_created_gmt"]),
        str(data.get("status") or ""),
        data,
    )


def _magento_order(data: dict[str, Any]) -> ShopOrder:
    return ShopOrder(
        str(data["entity_id"]),
        _parse_time(data.get("updated_at") or data["created_at"]),
        str(data.get("status") or ""),
        data,
    )


class OrderSource:
    """One shop's order list through its REST API, with the credentials the plugin handed over."""

    def __init__(self, platform: str, url: str, credentials: dict[str, str]) -> None:
        self.platform = platform
        if platform == "woocommerce":
            from sidecar.shops.woocommerce.client import PER_PAGE, WooClient

            self.woo = WooClient(url, credentials["consumer_key"], credentials["consumer_secret"])
            self.page_size = PER_PAGE
        else:
            from sidecar.shops.magento.client import MagentoClient

            self.magento = MagentoClient(url, credentials)
            # 100 of the 300 allowed, as on WooCommerce: a page waits in the database until
            # released and is parsed in one piece, so smaller pages keep a worker's memory low.
            self.page_size = 100

    def page(self, statuses: list[str], position: Position, upper: datetime | None = None) -> Page:
        """Orders in ``statuses`` modified in [position.lower, upper), oldest first."""
        if self.platform == "woocommerce":
            # modified_after is exclusive: one second earlier includes the lower bound's second.
            raw, total = self.woo.list_orders(
                statuses,
                position.lower - timedelta(seconds=1),
                upper,
                page=position.page,
                per_page=self.page_size,
            )
            orders = [_woo_order(o) for o in raw]
            return Page(orders, total, len(raw) >= self.page_size)
        raw, total = self.magento.list_orders(
            statuses, position.lower, upper, page=position.page, page_size=self.page_size
        )
        orders = [_magento_order(o) for o in raw]
        seen = (position.page - 1) * self.page_size + len(raw)
        return Page(orders, total, len(raw) >= self.page_size and seen < total)


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
        credentials = load_credentials(shop, rt.box)
        platform, url = shop.platform, shop.url
    if not credentials:
        return None
    return OrderSource(platform, url, credentials)


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
