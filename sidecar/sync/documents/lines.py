"""The lines of an Exact sales document, built from shop lines: shared by orders and credit notes.

Each shop line becomes one Exact line with its quantity, a net price (the line amount divided by
the quantity, to six decimals), its amount and its VAT amount. Exact accepts a VAT amount within a
cent of what it computes, so the shop's own VAT is sent where it is within that cent; anything that
would still make Exact's total differ from the shop's goes into one rounding line, allowed up to
the configured tolerance and refused (with the numbers) beyond it (rule 5).

Discounts (settings ``discounts.mode``): ``line`` books every line after its discount, so the
discount is inside the net price (Exact shows no discount; the shop's before-discount price is
not sent because how Exact resolves ``UnitPrice`` + ``NetPrice`` + ``Discount`` together is
unconfirmed, and ``UnitPrice`` + ``Discount`` alone would round the amount through a fraction).
``separate_line`` books lines before their discount and adds one negative discount line per VAT
code, so the revenue and the discount given show apart in Exact and each rate's VAT drops by the
discount's share.

A credit note is the same document with ``sign = -1``: quantities and amounts negative, net
prices as on the original. The shop's records keep refund amounts positive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sidecar.errors import PermanentError
from sidecar.mapping.resolvers import MissingMapping, Resolver
from sidecar.mapping.settings_model import Settings
from sidecar.shops.records import FEE, PRODUCT, SHIPPING, Line, Order, money_text

CENT = Decimal("0.01")
PRICE_PLACES = Decimal("0.000001")
ZERO = Decimal("0")

# document type -> (endpoint, key, lines property, VAT amount property, Exact kind for links)
KINDS = {
    "sales_order": ("salesorder/SalesOrders", "OrderID", "SalesOrderLines", "VATAmount"),
    "sales_invoice": (
        "salesinvoice/SalesInvoices",
        "InvoiceID",
        "SalesInvoiceLines",
        "VATAmountFC",
    ),
    "direct_invoice": (
        "salesinvoice/SalesInvoices",
        "InvoiceID",
        "SalesInvoiceLines",
        "VATAmountFC",
    ),
    "sales_entry": ("salesentry/SalesEntries", "EntryID", "SalesEntryLines", "VATAmountFC"),
}
NUMBER_FIELD = {
    "sales_order": "OrderNumber",
    "sales_invoice": "InvoiceNumber",
    "direct_invoice": "InvoiceNumber",
    "sales_entry": "EntryNumber",
}
# The header field that names the account a document is booked on.
ACCOUNT_FIELD = {
    "sales_order": "OrderedBy",
    "sales_invoice": "OrderedBy",
    "direct_invoice": "OrderedBy",
    "sales_entry": "Customer",
}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Decimal) -> int | float:
    """JSON has no decimals: integral values as int, others as the shortest float, which for
    amounts with at most 6 decimals round-trips exactly."""
    return int(value) if value == value.to_integral_value() else float(value)


def vat_within_cent(amount: Decimal, shop_vat: Decimal, percent: Decimal) -> Decimal:
    """The shop's VAT if Exact accepts it (within a cent of its own), else Exact's."""
    computed = money(amount * percent / 100)
    return shop_vat if abs(shop_vat - computed) <= CENT else computed


@dataclass
class Built:
    kind: str
    endpoint: str
    key: str
    record: dict[str, Any]
    total: Decimal
    rounding: Decimal = ZERO
    notes: list[str] = field(default_factory=list)


@dataclass
class _Discount:
    percent: Decimal
    excl: Decimal = ZERO
    tax: Decimal = ZERO


class LineBook:
    """Collects the Exact lines of one document and their total as Exact will add it up."""

    def __init__(
        self,
        kind: str,
        order: Order,
        resolver: Resolver,
        items: dict[str, dict[str, Any]],
        settings: Settings,
        *,
        sign: int = 1,
        label: str | None = None,
    ) -> None:
        self.kind = kind
        self.order = order
        self.resolver = resolver
        self.items = items
        self.settings = settings
        self.sign = sign
        self.label = label or f"Order {order.number}"
        self.entry = kind == "sales_entry"
        self.vat_prop = KINDS[kind][3]
        self.revenue = resolver.revenue_gl(order) if kind != "sales_order" else None
        self.center, self.unit = resolver.dimensions(order)
        self.separate = settings.discounts.mode == "separate_line"
        self.rows: list[dict[str, Any]] = []
        self.total = ZERO
        self.rounding = ZERO
        self.notes: list[str] = []
        self._discounts: dict[str, _Discount] = {}

    # -- shop lines ------------------------------------------------------------------------------
    def add_lines(self, lines: Iterable[Line]) -> None:
        for line in lines:
            if line.kind not in (PRODUCT, SHIPPING, FEE) or (
                line.kind != PRODUCT
                and line.total_excl == 0
                and line.total_tax == 0
                and (not self.separate or (line.subtotal_excl == 0 and line.subtotal_tax == 0))
            ):
                continue
            self.add_line(line)
        if self.separate:
            self._add_discounts()

    def add_line(self, line: Line) -> None:
        vat = self.resolver.vat(self.order, line)
        before = self.separate and (line.discount_excl != 0 or line.discount_tax != 0)
        excl = line.subtotal_excl if before else line.total_excl
        tax = line.subtotal_tax if before else line.total_tax
        vat_amount = vat_within_cent(excl, tax, vat.percent)
        if before:
            found = self._discounts.setdefault(vat.code, _Discount(vat.percent))
            found.excl += line.discount_excl
            found.tax += line.discount_tax
        out: dict[str, Any] = {"Description": line.name[:60] or line.kind}
        if self.entry:
            gl = self.revenue
            if line.kind == SHIPPING and self.settings.shipping.gl_account:
                gl = self.resolver._exists(
                    "gl_accounts",
                    self.settings.shipping.gl_account,
                    "shipping.gl_account",
                    "G/L account",
                )
            out["GLAccount"] = gl["ID"]
            out["Quantity"] = number(self.sign * line.quantity)
        else:
            quantity = line.quantity or Decimal(1)
            amount_item = self.settings.refunds.amount_item
            if line.quantity == 0 and self.sign < 0 and amount_item:
                # Money back without goods back: no stock may return on a direct credit note.
                out["Item"] = self._named_item(amount_item, "refunds.amount_item", "refunds")
            else:
                out["Item"] = self._item_for(line)
            out["Quantity"] = number(self.sign * quantity)
            out["NetPrice"] = number(
                (excl / quantity).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)
            )
            if self.revenue is not None:
                out["GLAccount"] = self.revenue["ID"]
        self._add(out, self.sign * excl, self.sign * vat_amount, vat.code)

    def _add_discounts(self) -> None:
        """One negative line per VAT code for the discounts taken off the lines above."""
        discounts = self.settings.discounts
        coupons = ", ".join(self.order.coupons)
        description = (f"Korting {coupons}" if coupons else "Korting")[:60]
        for code, found in self._discounts.items():
            if found.excl == 0 and found.tax == 0:
                continue
            amount = -found.excl
            vat_amount = vat_within_cent(amount, -found.tax, found.percent)
            out: dict[str, Any] = {"Description": description}
            if self.entry:
                out["GLAccount"] = self._gl(
                    discounts.gl_account, "discounts.gl_account", "discounts"
                )
                out["Quantity"] = self.sign
            else:
                out["Item"] = self._named_item(discounts.item, "discounts.item", "discounts")
                out["Quantity"] = self.sign
                out["NetPrice"] = number(amount)
                if discounts.gl_account and self.revenue is not None:  # not on orders
                    out["GLAccount"] = self._gl(
                        discounts.gl_account, "discounts.gl_account", "discounts"
                    )
                elif self.revenue is not None:
                    out["GLAccount"] = self.revenue["ID"]
            self._add(out, self.sign * amount, self.sign * vat_amount, code)

    # -- lines without a shop line -----------------------------------------------------------
    def add_amount(
        self, amount: Decimal, description: str, item_setting: str, gl_setting: str
    ) -> None:
        """An amount incl. VAT without a VAT split (an amount-only refund, an adjustment): booked
        untaxed on the configured item (orders, invoices) or G/L account (sales entries)."""
        vat_code = self._untaxed(f"an amount of {money_text(amount)} without VAT detail")
        out: dict[str, Any] = {"Description": description[:60], "Quantity": self.sign}
        if self.entry:
            out["GLAccount"] = self._gl(
                self._setting(gl_setting), gl_setting, gl_setting.split(".")[0]
            )
        else:
            section = item_setting.split(".")[0]
            out["Item"] = self._named_item(self._setting(item_setting), item_setting, section)
            out["NetPrice"] = number(amount)
            if self.revenue is not None:
                out["GLAccount"] = self.revenue["ID"]
        self._add(out, self.sign * amount, ZERO, vat_code)

    def close(self, expected: Decimal, what: str) -> list[dict[str, Any]]:
        """The lines, plus a rounding line if Exact's sum would miss ``expected`` (signed)."""
        if not self.rows:
            raise PermanentError(
                f"{self.label} has no lines to book.",
                f"Check the {what} in the shop; empty documents are not posted.",
            )
        difference = expected - self.total
        self.rounding = difference
        if difference:
            self._rounding(expected, difference)
            self.notes.append(f"rounding line {money_text(difference)}")
        return self.rows

    # -- helpers -----------------------------------------------------------------------------
    def _add(self, out: dict[str, Any], amount: Decimal, vat: Decimal, vat_code: str) -> None:
        out["AmountFC"] = number(amount)
        out["VATCode"] = vat_code
        out[self.vat_prop] = number(vat)
        if self.center:
            out["CostCenter"] = self.center
        if self.unit:
            out["CostUnit"] = self.unit
        self.rows.append(out)
        self.total += amount + vat

    def _setting(self, path: str) -> str | None:
        section, name = path.split(".")
        return getattr(getattr(self.settings, section), name)

    def _untaxed(self, why: str) -> str:
        code = self.settings.vat.untaxed
        if not code:
            raise MissingMapping(
                f"{self.label} needs a line for {why} and no untaxed VAT code is set.",
                "Set vat.untaxed under Settings > VAT.",
                "vat.untaxed",
            )
        self.resolver._exists("vat_codes", code, "vat.untaxed", "VAT code")
        return code

    def _gl(self, code: str | None, setting: str, page: str) -> str:
        if not code:
            raise MissingMapping(
                f"{self.label} needs a line booked on {setting} and no G/L account is set.",
                f"Choose the G/L account under Settings > {page.capitalize()} ({setting}).",
                setting,
            )
        return self.resolver._exists("gl_accounts", code, setting, "G/L account")["ID"]

    def _named_item(self, code: str | None, setting: str, page: str) -> str:
        if not code:
            raise MissingMapping(
                f"{self.label} needs a line booked on {setting} and no Exact item is set.",
                f"Choose the item under Settings > {page.capitalize()} ({setting}).",
                setting,
            )
        row = self.items.get(code.strip()) or self.resolver.ref.items([code]).get(code.strip())
        if row is None:
            raise MissingMapping(
                f"Item '{code}' ({setting}) does not exist in Exact Online.",
                f"Choose an existing item under Settings > {page.capitalize()} ({setting}).",
                setting,
            )
        return row["ID"]

    def _item_for(self, line: Line) -> str:
        """The Exact item for an order/invoice line (entries use G/L accounts instead)."""
        if line.kind == SHIPPING:
            code = self.settings.shipping.item
            if not code:
                raise MissingMapping(
                    f"{self.label} has shipping costs and no Exact item is set for them.",
                    "Choose the item for shipping costs under Settings > Shipping (shipping.item).",
                    "shipping.item",
                )
        elif line.sku:
            code = line.sku
        else:
            code = self.settings.items.no_sku_item
            if not code:
                what = "a fee" if line.kind == FEE else "a product without SKU"
                raise MissingMapping(
                    f"{self.label}: '{line.name}' is {what} and no Exact "
                    "item is set for lines without SKU.",
                    "Choose the item for lines without SKU under Settings > Items "
                    "(items.no_sku_item).",
                    "items.no_sku_item",
                )
        row = self.items.get(code.strip())
        if row is None:
            raise MissingMapping(
                f"{self.label}: Exact has no item with code '{code}' ('{line.name}').",
                "Create the item in Exact Online, or choose a "
                "missing-SKU policy under Settings > Items.",
                "items.missing_sku",
            )
        return row["ID"]

    def _rounding(self, expected: Decimal, difference: Decimal) -> None:
        rounding = self.settings.rounding
        if abs(difference) > rounding.tolerance:
            raise PermanentError(
                f"{self.label}: the Exact document would total "
                f"{money_text(self.total)} where the shop says "
                f"{money_text(expected)} (difference {money_text(difference)}, more than the "
                f"rounding tolerance {money_text(rounding.tolerance)}).",
                "Check the VAT in the shop, or raise the tolerance under Settings > Rounding.",
            )
        target = rounding.gl_account if self.entry else rounding.item
        setting = "rounding.gl_account" if self.entry else "rounding.item"
        if not target or not self.settings.vat.untaxed:
            raise MissingMapping(
                f"{self.label} needs a rounding line of {money_text(difference)} and no "
                "rounding item/G/L account or untaxed VAT code is set.",
                f"Set {setting} under Settings > Rounding and vat.untaxed under Settings > VAT.",
                setting,
            )
        vat_code = self._untaxed("rounding")
        out: dict[str, Any] = {"Description": "Afronding", "Quantity": self.sign}
        if self.entry:
            out["GLAccount"] = self._gl(target, setting, "rounding")
        else:
            out["Item"] = self._named_item(target, setting, "rounding")
            out["NetPrice"] = number(difference * self.sign)
        self._add(out, difference, ZERO, vat_code)
