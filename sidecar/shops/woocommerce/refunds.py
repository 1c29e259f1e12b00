"""WooCommerce refunds -> ``Refund`` records.

The order JSON only has a summary (``refunds: [{id, reason, total: "-10.00"}]``); for
``order.refunded`` events the plugin adds ``refunds_detail``, the answer of
``GET /wc/v3/orders/<id>/refunds``, whose lines and tax lines carry negative amounts. A refund
known only from the summary, or refunded as an amount without lines, has no VAT split: its whole
amount is ``adjustment`` and the credit-note flow has to decide how to book it.
"""

from __future__ import annotations

import html
from decimal import Decimal

from sidecar.errors import PermanentError
from sidecar.shops.records import SHIPPING, ZERO, Refund, Source, TaxRate, difference_text
from sidecar.shops.woocommerce.lines import read_lines, read_tax_rates

_NEGATIVE = Decimal(-1)


def _check_refund_tax(refund: Refund, declared: dict[str, TaxRate], src: Source) -> None:
    """The refund's lines must give back the VAT its own tax lines say, rate by rate."""
    found: dict[str, Decimal] = {}
    for line in refund.all_lines:
        if line.tax_rate_key is not None:
            found[line.tax_rate_key] = found.get(line.tax_rate_key, ZERO) + line.total_tax
    problems = []
    for key in sorted(set(found) | set(declared)):
        rate = declared.get(key)
        expected = rate.amount if rate is not None and rate.amount is not None else ZERO
        if found.get(key, ZERO) != expected:
            problems.append(difference_text(f"tax at rate {key}", expected, found.get(key, ZERO)))
    if problems:
        raise PermanentError(
            f"{src.origin}: refund {refund.shop_refund_id} does not add up: "
            + "; ".join(problems)
            + ".",
            "Open the refund in WooCommerce (the order's refund list) and compare its items and "
            "tax with its amount; delete and redo the refund if it is wrong, then retry.",
        )


def _detailed(detail: Source, order_rates: dict[str, TaxRate], notes: list[str]) -> Refund:
    declared = read_tax_rates(detail, _NEGATIVE)
    rates = {**order_rates, **declared}
    lines = read_lines(detail, rates, _NEGATIVE)
    notes.extend(lines.notes)
    amount = detail.money("amount")
    goods = tuple(line for line in lines.lines if line.kind != SHIPPING)
    shipping = tuple(line for line in lines.lines if line.kind == SHIPPING)
    explained = sum((line.total_incl for line in goods + shipping), ZERO)
    refund = Refund(
        shop_refund_id=detail.ident("id"),
        amount=amount,
        reason=html.unescape(detail.text("reason")),
        lines=goods,
        shipping=shipping,
        created_at=detail.timestamp("date_created_gmt"),
        adjustment=amount - explained,
    )
    _check_refund_tax(refund, declared, detail)
    return refund


def read_refunds(
    src: Source, order_rates: dict[str, TaxRate], notes: list[str]
) -> tuple[Refund, ...]:
    """Every refund of the summary, in its order, with detail where the plugin sent it."""
    details = {detail.ident("id"): detail for detail in src.objs("refunds_detail", required=False)}
    refunds: list[Refund] = []
    seen: set[str] = set()
    for summary in src.objs("refunds", required=False):
        refund_id = summary.ident("id")
        seen.add(refund_id)
        if refund_id in details:
            refunds.append(_detailed(details[refund_id], order_rates, notes))
            continue
        amount = -summary.money("total")
        refunds.append(
            Refund(
                shop_refund_id=refund_id,
                amount=amount,
                reason=html.unescape(summary.text("reason")),
                lines=(),
                shipping=(),
                created_at=None,
                adjustment=amount,
            )
        )
    for refund_id, detail in details.items():
        if refund_id not in seen:
            refunds.append(_detailed(detail, order_rates, notes))
    return tuple(refunds)
