"""The shop's orders, their meta, notes and refunds, kept as WooCommerce's REST shapes.

An order is stored as the document ``GET /wc/v3/orders/<id>`` returns, minus what WooCommerce
computes on read (dates in two zones, ``meta_data``, ``refunds``, ``_links``, ``payment_url``),
which is rebuilt by ``render_order`` from typed fields. Keeping the document means fixture orders
come back with every field, in WooCommerce's key order, and with their numbers' own digits.
"""

from __future__ import annotations

import copy
import itertools
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

DATE_FIELDS = ("created", "modified", "completed", "paid")
EDITABLE = ("pending", "on-hold", "auto-draft")
PAID_STATUSES = ("processing", "completed")  # wc_get_is_paid_statuses()
PAYMENT_COMPLETE_FROM = ("on-hold", "pending", "failed", "cancelled")


@dataclass
class Note:
    id: int
    created: datetime
    note: str
    customer_note: bool
    author: str = "system"


@dataclass
class Refund:
    id: int
    created: datetime
    doc: dict[str, Any]


@dataclass
class Order:
    id: int
    doc: dict[str, Any]
    created: datetime
    modified: datetime
    paid: datetime | None = None
    completed: datetime | None = None
    meta: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)

    @property
    def status(self) -> str:
        return str(self.doc["status"])

    def meta_value(self, key: str) -> Any:
        for meta in self.meta:
            if meta["key"] == key:
                return meta["value"]
        return None


class ShopState:
    """Everything the shop holds; one re-entrant lock guards it all."""

    def __init__(self, timezone: str) -> None:
        self.lock = threading.RLock()
        self.tz = ZoneInfo(timezone)
        self.orders: dict[int, Order] = {}
        self._meta_ids = itertools.count(1)
        self._note_ids = itertools.count(1)
        self._post_ids = itertools.count(1)
        self._item_ids = itertools.count(1)

    def clear(self) -> None:
        with self.lock:
            self.orders.clear()
            self._meta_ids = itertools.count(1)
            self._note_ids = itertools.count(1)
            self._post_ids = itertools.count(1)
            self._item_ids = itertools.count(1)

    # -- ids: orders and refunds share the post id sequence, as in WordPress -----------------------
    def bump_ids(
        self, post_id: int = 0, meta_id: int = 0, note_id: int = 0, item_id: int = 0
    ) -> None:
        """Make sure later ids are above ids already taken by loaded documents."""
        pairs = (
            ("_post_ids", post_id),
            ("_meta_ids", meta_id),
            ("_note_ids", note_id),
            ("_item_ids", item_id),
        )
        for name, taken in pairs:
            current = next(getattr(self, name))
            setattr(self, name, itertools.count(max(current, taken + 1)))

    def new_post_id(self) -> int:
        return next(self._post_ids)

    def new_meta_id(self) -> int:
        return next(self._meta_ids)

    def new_note_id(self) -> int:
        return next(self._note_ids)

    def new_item_id(self) -> int:
        return next(self._item_ids)

    # -- dates -------------------------------------------------------------------------------------
    def local(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        return moment.astimezone(self.tz).strftime("%Y-%m-%dT%H:%M:%S")

    @staticmethod
    def gmt(moment: datetime | None) -> str | None:
        if moment is None:
            return None
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def parse_gmt(text: Any) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(str(text)).replace(tzinfo=UTC)


def order_key() -> str:
    return "wc_order_" + secrets.token_urlsafe(10)[:13].replace("-", "x").replace("_", "y")


# -- status transitions
def set_status(order: Order, status: str, now: datetime) -> bool:
    """WC_Order::set_status + save: paid/completed dates follow the new status. True if changed."""
    if status == order.status:
        return False
    order.doc["status"] = status
    if status in PAID_STATUSES and order.paid is None:
        order.paid = now  # maybe_set_date_paid()
    if status == "completed" and order.completed is None:
        order.completed = now  # maybe_set_date_completed()
    refresh_flags(order)
    return True


def payment_complete(order: Order, now: datetime) -> None:
    """set_paid=true: payment_complete() acts only from on-hold/pending/failed/cancelled."""
    if order.status not in PAYMENT_COMPLETE_FROM:
        return
    order.paid = order.paid or now
    set_status(order, "processing" if order.doc.get("needs_processing", True) else "completed", now)


def refresh_flags(order: Order) -> None:
    if "is_editable" in order.doc:
        order.doc["is_editable"] = order.status in EDITABLE
    if "needs_payment" in order.doc:
        total = Decimal(str(order.doc.get("total") or "0"))
        order.doc["needs_payment"] = order.status in ("pending", "failed") and total > 0


# -- meta
def update_meta(state: ShopState, order: Order, items: list[dict[str, Any]]) -> None:
    """WC_Data::update_meta_data() for each item, then save_meta_data().

    With an ``id`` the meta with that id is changed; otherwise the first meta with the key gets
    the value (other metas with the same key are cleared); a new key is added. A ``null`` value
    deletes the meta on save, which is how the REST API removes meta.
    """
    for item in items:
        key = str(item["key"])
        value = item.get("value")
        target = None
        meta_id = item.get("id")
        if meta_id:
            target = next((m for m in order.meta if m["id"] == int(meta_id)), None)
        else:
            matches = [m for m in order.meta if m["key"] == key]
            for match in matches:
                match["value"] = None
            target = matches[0] if matches else None
        if target is not None:
            target["key"] = key
            target["value"] = value
        else:
            order.meta.append({"id": state.new_meta_id(), "key": key, "value": value})
    order.meta[:] = [m for m in order.meta if m["value"] is not None]


# -- rendering
def render_order(state: ShopState, order: Order, home: str) -> dict[str, Any]:
    doc = copy.deepcopy(order.doc)
    doc["id"] = order.id
    for name in DATE_FIELDS:
        moment = getattr(order, name)
        doc[f"date_{name}"] = state.local(moment)
        doc[f"date_{name}_gmt"] = state.gmt(moment)
    doc["meta_data"] = [dict(meta) for meta in order.meta]
    doc["refunds"] = [
        {
            "id": refund.id,
            "reason": refund.doc.get("reason", ""),
            "total": "-" + str(refund.doc.get("amount", "0.00")),
        }
        for refund in sorted(order.refunds, key=lambda r: r.id, reverse=True)
    ]
    if "payment_url" in doc:
        key = doc.get("order_key", "")
        doc["payment_url"] = f"{home}/checkout/order-pay/{order.id}/?pay_for_order=true&key={key}"
    links: dict[str, Any] = {
        "self": [
            {
                "href": f"{home}/wp-json/wc/v3/orders/{order.id}",
                "targetHints": {"allow": ["GET", "POST", "PUT", "PATCH", "DELETE"]},
            }
        ],
        "collection": [{"href": f"{home}/wp-json/wc/v3/orders"}],
        "email_templates": [
            {
                "embeddable": True,
                "href": f"{home}/wp-json/wc/v3/orders/{order.id}/actions/email_templates",
            }
        ],
    }
    if doc.get("customer_id"):
        links["customer"] = [{"href": f"{home}/wp-json/wc/v3/customers/{doc['customer_id']}"}]
    doc["_links"] = links
    return doc


def render_note(state: ShopState, order: Order, note: Note, home: str) -> dict[str, Any]:
    base = f"{home}/wp-json/wc/v3/orders/{order.id}"
    return {
        "id": note.id,
        "author": note.author,
        "date_created": state.local(note.created),
        "date_created_gmt": state.gmt(note.created),
        "note": note.note,
        "customer_note": note.customer_note,
        "_links": {
            "self": [{"href": f"{base}/notes/{note.id}"}],
            "collection": [{"href": f"{base}/notes"}],
            "up": [{"href": base}],
        },
    }


def render_refund(state: ShopState, order: Order, refund: Refund, home: str) -> dict[str, Any]:
    base = f"{home}/wp-json/wc/v3/orders/{order.id}"
    doc: dict[str, Any] = {"id": refund.id}
    doc["date_created"] = state.local(refund.created)
    doc["date_created_gmt"] = state.gmt(refund.created)
    for key, value in refund.doc.items():
        if key not in ("id", "date_created", "date_created_gmt", "_links"):
            doc[key] = copy.deepcopy(value)
    doc["_links"] = {
        "self": [
            {
                "href": f"{base}/refunds/{refund.id}",
                "targetHints": {"allow": ["GET", "DELETE"]},
            }
        ],
        "collection": [{"href": f"{base}/refunds"}],
        "up": [{"href": base}],
    }
    return doc
