"""Magento order items, shipping and applied taxes -> platform-neutral lines and tax rates.

Facts this relies on (reference "magento.md", section 3.3):

* a configurable's parent row carries price and tax, its simple child has price 0; a dynamic
  bundle's children carry the prices and the parent only repeats their sum. Rather than trusting
  ``product_type`` (third-party types exist), a parent whose children carry amounts is skipped,
  otherwise its children are;
* item ``discount_amount`` is positive and, when the discount applies to prices incl. VAT,
  includes VAT; ``discount_tax_compensation_amount`` is that VAT. So after discount the line is
  ``row_total - (discount_amount - discount_tax_compensation_amount)`` excl. VAT, plus
  ``tax_amount``;
* ``extension_attributes.applied_taxes`` names the rates (code = the mapping key) with their order
  totals; ``item_applied_taxes`` ties items and shipping to them when present.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sidecar.shops.records import (
    CENT,
    PRODUCT,
    ZERO,
    Line,
    Source,
    TaxRate,
    money_text,
    percent_text,
    round_cents,
    unit_price,
)


@dataclass(frozen=True)
class Amounts:
    """One row's money as Magento reports it (an order item, a credit-memo item, shipping)."""

    quantity: Decimal
    subtotal: Decimal
    tax: Decimal
    subtotal_tax: Decimal
    discount: Decimal
    compensation: Decimal

    @classmethod
    def of_item(cls, src: Source, quantity_key: str) -> Amounts:
        subtotal = src.money("row_total")
        tax = src.money("tax_amount", ZERO)
        compensation = src.money("discount_tax_compensation_amount", ZERO)
        incl = src.money("row_total_incl_tax", subtotal + tax + compensation)
        return cls(
            quantity=src.money(quantity_key),
            subtotal=subtotal,
            tax=tax,
            subtotal_tax=incl - subtotal,
            discount=src.money("discount_amount", ZERO),
            compensation=compensation,
        )

    def line(
        self,
        kind: str,
        name: str,
        key: str | None,
        percent: Decimal,
        *,
        sku: str | None = None,
        shop_line_id: str | None = None,
        product_id: str | None = None,
        variant_id: str | None = None,
        original_line_id: str | None = None,
    ) -> Line:
        discount_excl = self.discount - self.compensation
        return Line(
            kind=kind,
            name=name,
            quantity=self.quantity,
            sku=sku,
            unit_price_excl=unit_price(self.subtotal, self.quantity),
            subtotal_excl=self.subtotal,
            discount_excl=discount_excl,
            total_excl=self.subtotal - discount_excl,
            subtotal_tax=self.subtotal_tax,
            total_tax=self.tax,
            tax_rate_key=key,
            tax_percent=percent,
            shop_line_id=shop_line_id,
            product_id=product_id,
            variant_id=variant_id,
            original_line_id=original_line_id,
        )


class Rates:
    """The order's VAT rates and which one taxed each item and the shipping."""

    def __init__(self, src: Source, country: str) -> None:
        self.country = country
        self.rates: dict[str, TaxRate] = {}
        extension = src.opt_obj("extension_attributes")
        applied = extension.objs("applied_taxes", required=False) if extension else []
        for tax in applied:
            code = tax.text("code")
            if not code:
                raise tax.fail("code", "is missing")
            previous = self.rates.get(code)
            earlier = previous.amount if previous is not None and previous.amount else ZERO
            amount = tax.money("amount") + earlier
            self.rates[code] = TaxRate(
                key=code,
                country=country,
                percent=tax.money("percent"),
                label=tax.text("title"),
                applies_to_shipping=False,
                amount=amount,
                code=code,
            )
        self.reported = bool(self.rates)
        """False when the order has no applied_taxes: rates are then keyed "CC:percent"."""
        self.by_item: dict[tuple[str, str | None], list[str]] = {}
        for entry in extension.objs("item_applied_taxes", required=False) if extension else []:
            codes = [tax.text("code") for tax in entry.objs("applied_taxes", required=False)]
            self.by_item[(entry.text("type"), entry.opt_ident("item_id"))] = codes

    def _named(self, src: Source, field: str, codes: list[str]) -> str:
        if len(codes) != 1:
            raise src.fail(
                field,
                f"comes from {len(codes)} stacked rates ({', '.join(codes)}) in "
                "item_applied_taxes, which one Exact line cannot carry",
            )
        if codes[0] not in self.rates:
            raise src.fail(field, f"names tax {codes[0]!r}, which applied_taxes does not list")
        return codes[0]

    def _fallback(self, percent: Decimal) -> str:
        """Without applied_taxes the rate has no id: key it on destination and percentage."""
        key = f"{self.country}:{percent_text(percent)}"
        if key not in self.rates:
            self.rates[key] = TaxRate(
                key, self.country, percent, f"{percent_text(percent)}%", False
            )
        return key

    def for_item(self, item: Source, item_id: str, amounts: Amounts) -> tuple[str | None, Decimal]:
        percent = item.money("tax_percent", ZERO)
        if amounts.tax == 0 and amounts.subtotal_tax == 0 and percent == 0:
            return None, ZERO
        named = self.by_item.get(("product", item_id))
        if named:
            key = self._named(item, "tax_percent", named)
            return key, self.rates[key].percent
        if percent == 0:
            raise item.fail("tax_percent", f"is missing for a tax of {money_text(amounts.tax)}")
        if not self.reported:
            return self._fallback(percent), percent
        matches = [rate.key for rate in self.rates.values() if rate.percent == percent]
        if len(matches) != 1:
            raise item.fail(
                "tax_percent",
                f"is {percent_text(percent)}, which matches {len(matches)} of the order's "
                "applied_taxes instead of one",
            )
        return matches[0], percent

    def for_shipping(self, src: Source, amounts: Amounts, item_percents: Sequence[Decimal]) -> str:
        """Shipping has no ``tax_percent``: take the rate item_applied_taxes names, else the one
        rate whose percentage reproduces the shipping tax."""
        named = self.by_item.get(("shipping", None))
        if named:
            key = self._named(src, "shipping_tax_amount", named)
        else:
            net = amounts.subtotal - amounts.discount + amounts.compensation
            if self.reported:
                percents = {rate.percent for rate in self.rates.values()}
            else:
                percents = {percent for percent in item_percents if percent}
            fits = sorted(
                p for p in percents if abs(round_cents(net * p / 100) - amounts.tax) <= CENT
            )
            if len(fits) != 1:
                raise src.fail(
                    "shipping_tax_amount",
                    f"({money_text(amounts.tax)} on {money_text(net)}) fits {len(fits)} of the "
                    "order's VAT rates instead of one",
                )
            if self.reported:
                key = next(rate.key for rate in self.rates.values() if rate.percent == fits[0])
            else:
                key = self._fallback(fits[0])
        self.rates[key] = replace(self.rates[key], applies_to_shipping=True)
        return key


def _priced(children: list[Source]) -> bool:
    return any(
        child.money(name, ZERO) != 0
        for child in children
        for name in ("row_total", "price", "tax_amount")
    )


def read_items(src: Source, rates: Rates) -> dict[str, Line]:
    """Priced order rows by item id: configurable parents, bundle children, simple products."""
    items = src.objs("items")
    children: dict[str, list[Source]] = {}
    for item in items:
        parent_id = item.opt_ident("parent_item_id")
        if parent_id is not None:
            children.setdefault(parent_id, []).append(item)
    ids = {item.ident("item_id") for item in items}
    lines: dict[str, Line] = {}
    for item in items:
        item_id = item.ident("item_id")
        parent_id = item.opt_ident("parent_item_id")
        own_children = children.get(item_id, [])
        if own_children and _priced(own_children):
            continue  # a dynamic bundle: its children are the lines
        if parent_id is not None and parent_id in ids and not _priced(children[parent_id]):
            continue  # a configurable's child: the parent is the line
        amounts = Amounts.of_item(item, "qty_ordered")
        key, percent = rates.for_item(item, item_id, amounts)
        variant = own_children[0].opt_ident("product_id") if len(own_children) == 1 else None
        lines[item_id] = amounts.line(
            PRODUCT,
            item.text("name"),
            key,
            percent,
            sku=item.text("sku") or None,
            shop_line_id=item_id,
            product_id=item.opt_ident("product_id"),
            variant_id=variant,
        )
    return lines


def shipping_amounts(order: Source) -> tuple[Source, Amounts]:
    """Shipping as the shipping assignment states it, else the order's own fields."""
    extension = order.opt_obj("extension_attributes")
    assignments = extension.objs("shipping_assignments", required=False) if extension else []
    src = order
    if assignments:
        shipping = assignments[0].opt_obj("shipping")
        total = shipping.opt_obj("total") if shipping else None
        src = total or order
    amount = src.money("shipping_amount", ZERO)
    tax = src.money("shipping_tax_amount", ZERO)
    compensation = src.money("shipping_discount_tax_compensation_amount", ZERO)
    return src, Amounts(
        quantity=Decimal(1),
        subtotal=amount,
        tax=tax,
        subtotal_tax=src.money("shipping_incl_tax", amount + tax + compensation) - amount,
        discount=src.money("shipping_discount_amount", ZERO),
        compensation=compensation,
    )
