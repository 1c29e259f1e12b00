"""Magento credit memos -> ``Refund`` records.

``order.refunded`` events carry the order, not the memo: the sidecar reads the memos itself
(``GET /V1/creditmemos?searchCriteria[...order_id...]``, plugin README) and passes their ``items``
here, or they arrive under the order's ``creditmemos`` key. Memo rows repeat every order row,
configurable children and bundle parents included, so a row counts only when its order row became
a line; its VAT rate is that line's. Adjustment refunds and fees (``adjustment_positive`` /
``adjustment_negative``) carry no VAT split and become ``Refund.adjustment``.
"""

from __future__ import annotations

from sidecar.errors import PermanentError
from sidecar.shops.magento.items import Amounts
from sidecar.shops.records import (
    PRODUCT,
    SHIPPING,
    ZERO,
    Line,
    Refund,
    Source,
    difference_text,
)


def _memo_lines(memo: Source, order_lines: dict[str, Line]) -> list[Line]:
    lines = []
    for row in memo.objs("items", required=False):
        order_line = order_lines.get(row.ident("order_item_id"))
        if order_line is None:
            continue
        amounts = Amounts.of_item(row, "qty")
        if amounts.quantity == 0 and amounts.subtotal == 0 and amounts.tax == 0:
            continue
        lines.append(
            amounts.line(
                PRODUCT,
                row.text("name") or order_line.name,
                order_line.tax_rate_key,
                order_line.tax_percent,
                sku=row.text("sku") or order_line.sku,
                shop_line_id=row.opt_ident("entity_id"),
                product_id=order_line.product_id,
                variant_id=order_line.variant_id,
                original_line_id=order_line.shop_line_id,
            )
        )
    return lines


def _memo_shipping(memo: Source, order_shipping: Line | None) -> list[Line]:
    amount = memo.money("shipping_amount", ZERO)
    tax = memo.money("shipping_tax_amount", ZERO)
    if amount == 0 and tax == 0:
        return []
    if order_shipping is None:
        raise memo.fail("shipping_amount", "refunds shipping on an order without shipping")
    amounts = Amounts(
        quantity=order_shipping.quantity,
        subtotal=amount,
        tax=tax,
        subtotal_tax=memo.money("shipping_incl_tax", amount + tax) - amount,
        discount=ZERO,
        compensation=ZERO,
    )
    return [
        amounts.line(
            SHIPPING,
            order_shipping.name,
            order_shipping.tax_rate_key,
            order_shipping.tax_percent,
            original_line_id=order_shipping.shop_line_id,
        )
    ]


def read_creditmemo(
    memo: Source, order_id: str, order_lines: dict[str, Line], order_shipping: Line | None
) -> Refund:
    memo_id = memo.ident("entity_id")
    if memo.opt_ident("order_id") not in (None, order_id):
        raise memo.fail("order_id", f"is {memo.text('order_id')}, not this order ({order_id})")
    lines = _memo_lines(memo, order_lines)
    shipping = _memo_shipping(memo, order_shipping)
    if memo.has("adjustment_positive") or memo.has("adjustment_negative"):
        adjustment = memo.money("adjustment_positive", ZERO) - memo.money(
            "adjustment_negative", ZERO
        )
    else:
        adjustment = memo.money("adjustment", ZERO)
    comments = [c.text("comment") for c in memo.objs("comments", required=False)]
    refund = Refund(
        shop_refund_id=memo_id,
        amount=memo.money("grand_total"),
        reason=next((text for text in comments if text), memo.text("customer_note")),
        lines=tuple(lines),
        shipping=tuple(shipping),
        created_at=memo.timestamp("created_at"),
        adjustment=adjustment,
    )
    problems = [
        difference_text(name, expected, found)
        for name, expected, found in (
            ("total", refund.amount, refund.total_excl + refund.total_tax + adjustment),
            ("tax", memo.money("tax_amount", ZERO), refund.total_tax),
        )
        if expected != found
    ]
    if problems:
        raise PermanentError(
            f"{memo.origin}: credit memo {memo.text('increment_id') or memo_id} does not add up: "
            + "; ".join(problems)
            + ".",
            "Open the credit memo in Magento (Sales > Credit Memos) and compare its items, "
            "shipping and adjustments with its total; a totals module that adds its own amounts "
            "to credit memos needs to be mapped or disabled. Then retry.",
        )
    return refund
