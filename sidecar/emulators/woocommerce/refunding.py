"""Refunds made in the shop: what ``wc_create_refund()`` stores when the shop owner refunds whole
lines (and optionally the shipping) from the order screen.

The stand-in's REST API only reads refunds; this builds one the way WooCommerce 10.0.2 records a
line refund (reference section 4, the ``order-12`` fixture): each refunded line copied with
negative quantity, totals and taxes and a ``_refunded_item_id`` meta pointing at the order line,
``tax_lines`` summed per rate with negative amounts, ``amount`` = what the lines give back incl.
VAT. A refund for an amount only (no lines) is made with an empty ``line_items`` list and an
explicit ``amount``. Used by the demo and by tests that need a refund made after the order was
posted.
"""

from __future__ import annotations

import copy
from datetime import datetime
from decimal import Decimal
from typing import Any

from .store import Order, Refund, ShopState

CENT = Decimal("0.01")


def _neg(value: Any) -> str:
    amount = -Decimal(str(value or "0"))
    return str(amount.quantize(CENT)) if amount else "0.00"


def _negated_taxes(taxes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": tax["id"],
            "total": _neg(tax.get("total")),
            "subtotal": _neg(tax["subtotal"]) if tax.get("subtotal") not in ("", None) else "",
        }
        for tax in taxes
    ]


def _refunded_line(state: ShopState, line: dict[str, Any], kind: str) -> dict[str, Any]:
    copied = copy.deepcopy(line)
    copied["id"] = state.new_item_id()
    for name in ("subtotal", "subtotal_tax", "total", "total_tax"):
        if name in copied:
            copied[name] = _neg(copied[name])
    if kind == "line_items":
        copied["quantity"] = -int(line["quantity"])
        copied["price"] = float(Decimal(str(line["total"])) / int(line["quantity"]))
    copied["taxes"] = _negated_taxes(line.get("taxes") or [])
    copied["meta_data"] = [
        {
            "id": state.new_meta_id(),
            "key": "_refunded_item_id",
            "value": str(line["id"]),
            "display_key": "_refunded_item_id",
            "display_value": str(line["id"]),
        }
    ]
    return copied


def _tax_lines(state: ShopState, order: Order, goods: list, shipping: list) -> list[dict]:
    """One tax line per rate the refunded lines carry, as on the order, with negative sums."""
    on_order = {int(t["rate_id"]): t for t in order.doc.get("tax_lines") or []}
    sums: dict[int, list[Decimal]] = {}
    for lines, slot in ((goods, 0), (shipping, 1)):
        for line in lines:
            for tax in line["taxes"]:
                pair = sums.setdefault(int(tax["id"]), [Decimal(0), Decimal(0)])
                pair[slot] += Decimal(tax["total"] or "0")
    result = []
    for rate_id in sorted(sums):
        source = on_order.get(rate_id, {})
        result.append(
            {
                "id": state.new_item_id(),
                "rate_code": source.get("rate_code", ""),
                "rate_id": rate_id,
                "label": source.get("label", ""),
                "compound": False,
                "tax_total": str(sums[rate_id][0].quantize(CENT)),
                "shipping_tax_total": str(sums[rate_id][1].quantize(CENT)),
                "rate_percent": source.get("rate_percent", 0),
                "meta_data": [],
            }
        )
    return result


def create_refund(
    state: ShopState,
    order: Order,
    now: datetime,
    *,
    line_item_ids: list[int],
    shipping: bool = False,
    reason: str = "",
    amount: str | None = None,
) -> Refund:
    """Refund whole lines (and the shipping) of ``order``; the caller holds the state's lock."""
    by_id = {int(line["id"]): line for line in order.doc.get("line_items") or []}
    unknown = [i for i in line_item_ids if int(i) not in by_id]
    if unknown:
        raise ValueError(f"order {order.id} has no line item {unknown[0]}")
    goods = [_refunded_line(state, by_id[int(i)], "line_items") for i in line_item_ids]
    ships = (
        [_refunded_line(state, s, "shipping_lines") for s in order.doc.get("shipping_lines") or []]
        if shipping
        else []
    )
    # Shipping tax as the order figures have it (the line's taxes[] may show the half cent up).
    for ship, source in zip(ships, order.doc.get("shipping_lines") or [], strict=False):
        if ship["taxes"]:
            ship["taxes"][0]["total"] = _neg(source.get("total_tax"))
    explained = -sum(
        (Decimal(x["total"]) + Decimal(x["total_tax"]) for x in goods + ships), Decimal(0)
    )
    if amount is None:
        if not goods and not ships:
            raise ValueError("give line_items, shipping or an amount")
        amount = str(explained.quantize(CENT))
    refund_id = state.new_post_id()
    doc = {
        "id": refund_id,
        "amount": str(Decimal(str(amount)).quantize(CENT)),
        "reason": reason,
        "refunded_by": 1,
        "refunded_payment": False,
        "meta_data": [],
        "line_items": goods,
        "shipping_lines": ships,
        "tax_lines": _tax_lines(state, order, goods, ships),
        "fee_lines": [],
    }
    refund = Refund(refund_id, now, doc)
    order.refunds.append(refund)
    order.modified = now
    return refund
