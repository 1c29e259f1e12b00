"""Orders in: the packaged fixtures (real WooCommerce 10.0.2 answers), files, or control calls.

A payload has the shape of ``GET /wc/v3/orders/<id>``. The ``*_gmt`` dates are taken as the
truth (the fixture shop ran in UTC; the emulator's site may not, so local dates are recomputed).
``refunds_detail`` (what the plugin adds for ``order.refunded``) becomes the order's refunds; a
refund known only from the ``refunds`` summary becomes an amount-only refund, as WooCommerce
records one made without line items.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .jsonout import loads
from .store import Note, Order, Refund, ShopState, order_key, parse_gmt, refresh_flags

SEEDS = Path(__file__).with_name("seeds")
COMPUTED = {"meta_data", "refunds", "refunds_detail", "_links"}

# Every key of a WooCommerce 10.0.2 order, in its REST order, with the value a bare order has.
SKELETON: dict[str, Any] = {
    "id": 0,
    "parent_id": 0,
    "status": "pending",
    "currency": "EUR",
    "version": "10.0.2",
    "prices_include_tax": True,
    "date_created": None,
    "date_modified": None,
    "discount_total": "0.00",
    "discount_tax": "0.00",
    "shipping_total": "0.00",
    "shipping_tax": "0.00",
    "cart_tax": "0.00",
    "total": "0.00",
    "total_tax": "0.00",
    "customer_id": 0,
    "order_key": "",
    "billing": {},
    "shipping": {},
    "payment_method": "",
    "payment_method_title": "",
    "transaction_id": "",
    "customer_ip_address": "",
    "customer_user_agent": "",
    "created_via": "rest-api",
    "customer_note": "",
    "date_completed": None,
    "date_paid": None,
    "cart_hash": "",
    "number": "",
    "meta_data": [],
    "line_items": [],
    "tax_lines": [],
    "shipping_lines": [],
    "fee_lines": [],
    "coupon_lines": [],
    "refunds": [],
    "payment_url": "",
    "is_editable": False,
    "needs_payment": False,
    "needs_processing": True,
    "date_created_gmt": None,
    "date_modified_gmt": None,
    "date_completed_gmt": None,
    "date_paid_gmt": None,
    "currency_symbol": "\u20ac",
}


def default_seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.json"))


def read_payloads(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    payloads: list[dict[str, Any]] = []
    for path in paths:
        data = loads(Path(path).read_text(encoding="utf-8"))
        payloads.extend(data if isinstance(data, list) else [data])
    return payloads


def _moment(state: ShopState, payload: dict[str, Any], name: str) -> datetime | None:
    gmt = parse_gmt(payload.get(f"date_{name}_gmt"))
    if gmt is not None:
        return gmt
    local = payload.get(f"date_{name}")
    if not local:
        return None
    return datetime.fromisoformat(str(local)).replace(tzinfo=state.tz)


def add_order(state: ShopState, payload: dict[str, Any], now: datetime) -> Order:
    """Store one REST-shaped order (fields it lacks get a bare order's values). Caller locks."""
    payload = copy.deepcopy(payload)
    order_id = int(payload.get("id") or 0) or state.new_post_id()
    if order_id in state.orders:
        raise ValueError(f"order {order_id} exists")
    doc = {key: copy.deepcopy(value) for key, value in SKELETON.items()}
    doc.update({key: value for key, value in payload.items() if key not in COMPUTED})
    doc["id"] = order_id
    doc["number"] = str(payload.get("number") or order_id)
    doc["order_key"] = payload.get("order_key") or order_key()
    created = _moment(state, payload, "created") or now
    order = Order(
        id=order_id,
        doc=doc,
        created=created,
        modified=_moment(state, payload, "modified") or created,
        paid=_moment(state, payload, "paid"),
        completed=_moment(state, payload, "completed"),
    )
    meta_ids = [0]
    for meta in payload.get("meta_data") or []:
        meta_id = int(meta.get("id") or 0) or state.new_meta_id()
        meta_ids.append(meta_id)
        order.meta.append({"id": meta_id, "key": meta["key"], "value": meta.get("value")})
    refund_ids = [order_id]
    for detail in payload.get("refunds_detail") or []:
        refund_ids.append(int(detail["id"]))
        order.refunds.append(
            Refund(int(detail["id"]), _moment(state, detail, "created") or order.modified, detail)
        )
    known = {refund.id for refund in order.refunds}
    for summary in payload.get("refunds") or []:
        if int(summary["id"]) in known:
            continue
        refund_ids.append(int(summary["id"]))
        order.refunds.append(_amount_only_refund(summary, order.modified))
    for note in payload.get("notes") or []:
        order.notes.append(
            Note(
                int(note.get("id") or state.new_note_id()),
                _moment(state, note, "created") or created,
                str(note["note"]),
                bool(note.get("customer_note", False)),
                str(note.get("author", "system")),
            )
        )
    doc.pop("notes", None)
    if "is_editable" not in payload or "needs_payment" not in payload:
        refresh_flags(order)
    state.orders[order_id] = order
    state.bump_ids(
        post_id=max(refund_ids),
        meta_id=max(meta_ids),
        note_id=max([n.id for n in order.notes] or [0]),
        item_id=max(_item_ids(doc) or [0]),
    )
    return order


def _item_ids(doc: dict[str, Any]) -> list[int]:
    ids = []
    for name in ("line_items", "tax_lines", "shipping_lines", "fee_lines", "coupon_lines"):
        ids.extend(int(line.get("id") or 0) for line in doc.get(name) or [])
    return ids


def _amount_only_refund(summary: dict[str, Any], when: datetime) -> Refund:
    amount = str(summary.get("total", "0.00")).lstrip("-")
    doc = {
        "id": int(summary["id"]),
        "amount": amount,
        "reason": summary.get("reason", ""),
        "refunded_by": 1,
        "refunded_payment": False,
        "meta_data": [],
        "line_items": [],
        "shipping_lines": [],
        "tax_lines": [],
        "fee_lines": [],
    }
    return Refund(int(summary["id"]), when, doc)
