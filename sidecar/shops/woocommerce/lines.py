"""WooCommerce items, fees, shipping and tax lines -> platform-neutral lines and tax rates.

Used for the order and for each refund (``sign=-1``: refunds carry negative amounts). Facts this
relies on (reference "woocommerce.md", section 4 and "Rounding and arithmetic"):

* line ``subtotal``/``total`` are excl. VAT even when prices are entered incl. VAT; the line's
  ``price`` is a float and is never read;
* ``taxes[].id`` is ``tax_lines[].rate_id``; an order without VAT has no ``tax_lines`` at all;
* a shipping line's ``taxes[].total`` can be a cent off (0.95 for a tax the order rounded to 0.94),
  and its ``total_tax`` is recomputed on read; the order's ``tax_lines`` are the stored truth;
* a negative fee spreads its tax over the basket's rates (two ``taxes`` entries on one line).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from sidecar.shops.records import (
    CENT,
    FEE,
    PRODUCT,
    SHIPPING,
    ZERO,
    Line,
    Source,
    TaxRate,
    money_text,
    round_cents,
    unit_price,
)

_COUNTRY_PREFIX = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class _Tax:
    """One rate's share of one line, as the shop reported it."""

    key: str | None
    total: Decimal
    subtotal: Decimal


@dataclass
class LineSet:
    lines: list[Line]
    notes: list[str]


def rate_country(rate_code: str) -> str:
    """WooCommerce builds rate codes as COUNTRY-[STATE-]NAME-PRIORITY; a rate for every country
    has only NAME-PRIORITY, so a two-letter first part of a 3+ part code is the country."""
    parts = rate_code.split("-")
    return parts[0] if len(parts) >= 3 and _COUNTRY_PREFIX.match(parts[0]) else ""


def read_tax_rates(src: Source, sign: Decimal = Decimal(1)) -> dict[str, TaxRate]:
    """``tax_lines`` by rate id; ``amount`` is the rate's items + fees + shipping tax."""
    rates: dict[str, TaxRate] = {}
    for entry in src.objs("tax_lines", required=False):
        key = entry.ident("rate_id")
        amount = (entry.money("tax_total") + entry.money("shipping_tax_total", ZERO)) * sign
        shipping_tax = entry.money("shipping_tax_total", ZERO)
        previous = rates.get(key)
        if previous is not None and previous.amount is not None:
            amount += previous.amount
        rates[key] = TaxRate(
            key=key,
            country=rate_country(entry.text("rate_code")),
            percent=entry.money("rate_percent"),
            label=html.unescape(entry.text("label")),
            applies_to_shipping=shipping_tax != 0
            or bool(previous and previous.applies_to_shipping),
            amount=amount,
            code=entry.text("rate_code"),
        )
    return rates


def shipping_tax_by_rate(src: Source, sign: Decimal) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for entry in src.objs("tax_lines", required=False):
        amount = entry.money("shipping_tax_total", ZERO) * sign
        if amount:
            key = entry.ident("rate_id")
            out[key] = out.get(key, ZERO) + amount
    return out


def _line_taxes(
    line: Source, own_tax: Decimal, own_subtotal_tax: Decimal, sign: Decimal
) -> list[_Tax]:
    """The line's VAT per rate. With one rate the line's own ``total_tax`` is used: it is what
    the order's totals were built from (``taxes[].total`` can show an unrounded half cent)."""
    entries = [
        _Tax(
            key=entry.ident("id"),
            total=entry.money("total", ZERO) * sign,
            subtotal=entry.money("subtotal", entry.money("total", ZERO)) * sign,
        )
        for entry in line.objs("taxes", required=False)
    ]
    charged = [tax for tax in entries if tax.total != 0 or tax.subtotal != 0]
    if not charged:
        if own_tax != 0:
            raise line.fail("taxes", f"lists no rate for a tax of {money_text(own_tax)}")
        key = entries[0].key if entries else None
        return [_Tax(key, ZERO, ZERO)]
    if len(charged) == 1:
        return [replace(charged[0], total=own_tax, subtotal=own_subtotal_tax)]
    return charged


def _split(net: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split an amount in proportion, in cents, the last part taking the remainder so the parts
    add up to the amount exactly."""
    whole = sum(weights, ZERO)
    parts = [round_cents(net * weight / whole) for weight in weights[:-1]]
    return [*parts, net - sum(parts, ZERO)]


def _net_shares(
    line: Source, taxes: list[_Tax], rates: dict[str, TaxRate], net: Decimal
) -> list[Decimal]:
    """Weights for splitting a multi-rate line: the net each rate's tax implies.

    A negative fee taxed at 21 % and 9 % is two lines for Exact, one per VAT code. The implied
    nets must add up to the line's net (give or take each tax's half-cent rounding); otherwise
    the rates stack on the same amount (compound or state + county taxes), which one Exact line
    per VAT code cannot express.
    """
    implied: list[Decimal] = []
    tolerance = CENT
    for tax in taxes:
        percent = rates[tax.key].percent if tax.key in rates else ZERO
        if percent == 0:
            raise line.fail("taxes", f"charge {money_text(tax.total)} at a rate of 0 %")
        implied.append(tax.total * 100 / percent)
        tolerance += Decimal("0.5") / percent
    if abs(sum(implied, ZERO) - net) > tolerance or sum(implied, ZERO) == 0:
        raise line.fail(
            "taxes",
            f"stack several rates on one amount (net {money_text(net)}, taxes "
            + ", ".join(f"{tax.key}: {money_text(tax.total)}" for tax in taxes)
            + "), which Exact lines cannot carry",
        )
    return implied


def _build(
    line: Source,
    kind: str,
    taxes: list[_Tax],
    rates: dict[str, TaxRate],
    sign: Decimal,
) -> list[Line]:
    total = line.money("total") * sign
    subtotal = line.money("subtotal") * sign if kind == PRODUCT else total
    quantity = line.money("quantity") * sign if kind == PRODUCT else Decimal(1)
    for tax in taxes:
        if tax.key is not None and tax.key not in rates:
            raise line.fail(
                "taxes", f"name rate {tax.key}, which the order's tax_lines do not list"
            )
    if len(taxes) == 1:
        totals, subtotals = [total], [subtotal]
    else:
        weights = _net_shares(line, taxes, rates, total)
        totals, subtotals = _split(total, weights), _split(subtotal, weights)
    if kind == SHIPPING:
        name = html.unescape(line.text("method_title"))
    else:
        name = html.unescape(line.text("name"))
    refunded = [
        m for m in line.objs("meta_data", required=False) if m.text("key") == "_refunded_item_id"
    ]
    out = []
    for tax, part_total, part_subtotal in zip(taxes, totals, subtotals, strict=True):
        out.append(
            Line(
                kind=kind,
                name=name,
                quantity=quantity,
                sku=line.text("sku") or None,
                unit_price_excl=unit_price(part_subtotal, quantity),
                subtotal_excl=part_subtotal,
                discount_excl=part_subtotal - part_total,
                total_excl=part_total,
                subtotal_tax=tax.subtotal,
                total_tax=tax.total,
                tax_rate_key=tax.key,
                tax_percent=rates[tax.key].percent if tax.key is not None else ZERO,
                shop_line_id=line.opt_ident("id"),
                product_id=line.opt_ident("product_id"),
                variant_id=line.opt_ident("variation_id"),
                original_line_id=refunded[0].opt_ident("value") if refunded else None,
            )
        )
    return out


def _shipping_from_tax_lines(
    line: Source, taxes: list[_Tax], stored: dict[str, Decimal], notes: list[str]
) -> list[_Tax]:
    """The single shipping line's VAT per rate, from the order's stored ``tax_lines``.

    The line's own figures are recomputed on read and may round a half cent the other way; a
    difference of more than a cent per rate is not rounding, and is refused.
    """
    own = {tax.key: tax.total for tax in taxes if tax.key is not None and tax.total != 0}
    keys = set(own) | set(stored)
    for key in sorted(keys):
        mine, theirs = own.get(key, ZERO), stored.get(key, ZERO)
        if abs(mine - theirs) > CENT:
            raise line.fail(
                "total_tax",
                f"is {money_text(mine)} at rate {key} but the order's tax_lines give "
                f"{money_text(theirs)} for shipping (difference {money_text(mine - theirs)})",
            )
        if mine != theirs:
            notes.append(
                f"Shipping tax at rate {key} taken from the order's tax lines "
                f"({money_text(theirs)}) instead of the shipping line ({money_text(mine)})."
            )
    if not stored:
        return taxes if not own else [_Tax(None, ZERO, ZERO)]
    return [_Tax(key, amount, amount) for key, amount in sorted(stored.items()) if amount != 0]


def read_lines(src: Source, rates: dict[str, TaxRate], sign: Decimal = Decimal(1)) -> LineSet:
    """Items, fees and shipping of an order (or of a refund, with ``sign=-1``)."""
    result = LineSet([], [])
    for item in src.objs("line_items"):
        own, own_sub = item.money("total_tax") * sign, item.money("subtotal_tax") * sign
        result.lines += _build(item, PRODUCT, _line_taxes(item, own, own_sub, sign), rates, sign)
    for fee in src.objs("fee_lines", required=False):
        own = fee.money("total_tax", ZERO) * sign
        result.lines += _build(fee, FEE, _line_taxes(fee, own, own, sign), rates, sign)
    shipping = src.objs("shipping_lines", required=False)
    stored = shipping_tax_by_rate(src, sign)
    for ship in shipping:
        own = ship.money("total_tax", ZERO) * sign
        taxes = _line_taxes(ship, own, own, sign)
        if len(shipping) == 1:
            taxes = _shipping_from_tax_lines(ship, taxes, stored, result.notes)
        result.lines += _build(ship, SHIPPING, taxes, rates, sign)
    return result


def with_shipping_flags(rates: dict[str, TaxRate], lines: list[Line]) -> tuple[TaxRate, ...]:
    """Mark the rates the shipping lines were taxed at (the settings only say it per rate)."""
    used = {line.tax_rate_key for line in lines if line.kind == SHIPPING and line.total_tax}
    return tuple(
        replace(rate, applies_to_shipping=True) if rate.key in used else rate
        for rate in rates.values()
    )
