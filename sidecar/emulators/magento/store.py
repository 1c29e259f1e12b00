"""Magento's orders as ``GET /V1/orders/{id}`` returns them, plus the module's Exact link rows.

Money stays ``Decimal`` and is written back as JSON numbers with its own digits (Magento sends
``104.96``, never a float's noise). Dates are Magento's UTC ``Y-m-d H:i:s``. The
``exact_sidecar_order`` rows (``OrderLinkStoreInterface``) live beside the orders, keyed by id.
"""

from __future__ import annotations

import copy
import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

MAGENTO_TIME = "%Y-%m-%d %H:%M:%S"


def fmt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(MAGENTO_TIME)


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, MAGENTO_TIME).replace(tzinfo=UTC)


@dataclass
class MagentoOrder:
    id: int
    doc: dict[str, Any]
    link: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return str(self.doc.get("status") or "")

    @property
    def state(self) -> str:
        return str(self.doc.get("state") or "")

    @property
    def updated(self) -> datetime:
        return parse_time(self.doc["updated_at"])


class MagentoState:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.orders: dict[int, MagentoOrder] = {}
        self._history_ids = itertools.count(1)
        self._order_ids = itertools.count(1)
        self._item_ids = itertools.count(1)

    def clear(self) -> None:
        with self.lock:
            self.orders.clear()
            self._history_ids = itertools.count(1)
            self._order_ids = itertools.count(1)
            self._item_ids = itertools.count(1)

    def bump(self, order_id: int = 0, history_id: int = 0, item_id: int = 0) -> None:
        for name, taken in (
            ("_order_ids", order_id),
            ("_history_ids", history_id),
            ("_item_ids", item_id),
        ):
            current = next(getattr(self, name))
            setattr(self, name, itertools.count(max(current, taken + 1)))

    def new_order_id(self) -> int:
        return next(self._order_ids)

    def new_history_id(self) -> int:
        return next(self._history_ids)

    def new_item_id(self) -> int:
        return next(self._item_ids)


def add_order(state: MagentoState, payload: dict[str, Any], now: datetime) -> MagentoOrder:
    """Store one order shaped like GET /V1/orders/{id}. Caller locks."""
    doc = copy.deepcopy(payload)
    order_id = int(doc.get("entity_id") or 0) or state.new_order_id()
    if order_id in state.orders:
        raise ValueError(f"order {order_id} exists")
    doc["entity_id"] = order_id
    doc.setdefault("increment_id", f"{order_id:09d}")
    doc.setdefault("state", "new")
    doc.setdefault("status", "pending")
    doc.setdefault("created_at", fmt(now))
    doc.setdefault("updated_at", doc["created_at"])
    doc.setdefault("items", [])
    doc.setdefault("status_histories", [])
    parse_time(doc["created_at"])
    parse_time(doc["updated_at"])
    order = MagentoOrder(order_id, doc)
    state.orders[order_id] = order
    history_ids = [int(h.get("entity_id") or 0) for h in doc["status_histories"]]
    for history in doc["status_histories"]:
        if not history.get("entity_id"):
            history["entity_id"] = state.new_history_id()
            history_ids.append(history["entity_id"])
        history.setdefault("parent_id", order_id)
        history.setdefault("entity_name", "order")
    item_ids = [int(i.get("item_id") or 0) for i in doc["items"]]
    state.bump(order_id=order_id, history_id=max(history_ids or [0]), item_id=max(item_ids or [0]))
    return order


def add_history(
    state: MagentoState,
    order: MagentoOrder,
    comment: str,
    status: str | None,
    now: datetime,
    *,
    notified: int | None = None,
    visible: int = 0,
) -> dict[str, Any]:
    """A status_histories row, newest first as Magento lists them. Nulls are left out, as the
    Web API drops null fields."""
    entry: dict[str, Any] = {"comment": comment, "created_at": fmt(now)}
    entry["entity_id"] = state.new_history_id()
    entry["entity_name"] = "order"
    if notified is not None:
        entry["is_customer_notified"] = notified
    entry["is_visible_on_front"] = visible
    entry["parent_id"] = order.id
    if status:
        entry["status"] = status
    order.doc["status_histories"].insert(0, entry)
    return entry


def render(order: MagentoOrder) -> dict[str, Any]:
    """The order's REST JSON; with the module installed its sync record is the extension
    attribute ``exact_sidecar_sync`` (plugin-magento ``Plugin/OrderSyncStateAttribute``)."""
    doc = copy.deepcopy(order.doc)
    if order.link.get("sync_state"):
        extension = doc.setdefault("extension_attributes", {})
        extension["exact_sidecar_sync"] = {
            name: order.link.get(name)
            for name in ("sync_state", "document_type", "document_number")
        }
    return doc
