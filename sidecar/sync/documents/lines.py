"""The lines of an Exact sales document, built from shop lines: shared by orders and credit notes.

Each shop line becomes one Exact line with its quantity, a net price (the line amount divided by
the quantity, to six decimals), its amount and its VAT amount. Exact's own VAT arithmetic decides
the document's VAT (``arithmetic``): the nets are chosen so that it arrives at the shop's VAT per
code, and the VAT sent is the per-line figure Exact computes. What would still make Exact's total
differ from the shop's goes into one rounding line on an untaxed code: the cents a per-document
arithmetic needs moved, and the few cents by which a shop's own figures disagree (a shop that
rounds tax at subtotal level), which are allowed up to the configured tolerance and refused,
with the numbers, beyond it (rule 5).

Discounts (settings ``discounts.mode``): ``line`` books every line after its discount, so the
discount is inside the net price (Exact shows no discount; the shop's before-discount price is
not sent because how Exact resolves ``UnitPrice`` + ``NetPrice`` + ``Discount`` together is
unconfirmed, and ``UnitPrice`` + ``Discount`` alone would round the amount through a fraction).
``separate_line`` books lines before their discount and adds one negative discount line per VAT
code, so the revenue and the discount given show apart in Exact and each rate's VAT drops by the
discount's share.

A credit note is the same document with ``sign = -1``: quantities and amounts negative, net
prices as on the original. The shop's records keep refund amounts positive. Sales entries keep
the VAT they are sent (Exact documents it), so they carry the shop's VAT and nets unchanged.
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
from sidecar.sync.documents.arithmetic import (
    DEFAULT,
    Entry,
    allowance,
    by_code,
    fit,
    line_vat,
    predict,
)

CENT = Decimal("0.01")
PRICE_PLACES = Decimal("0.000001")
MODE_WORDS = {"line": "per line", "document": "per VAT code over the document"}
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


@dataclass
class Built:
    kind: str
    endpoint: str
    key: str
    record: dict[str, Any]
    total: Decimal
    rounding: Decimal = ZERO
    notes: list[str] = field(default_factory=list)
    mode: str = DEFAULT
    """The VAT arithmetic the lines were built for."""
    predictions: dict[str, Decimal] = field(default_factory=dict)
    """The document's total under each arithmetic, for the lines as built."""


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
        mode: str = DEFAULT,
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
        self.mode = mode
        self.rows: list[dict[str, Any]] = []
        self._taxed: list[tuple[dict[str, Any], Entry, Decimal | None]] = []
        self.shop_total = ZERO  # the rows with the shop's own VAT
        self.total = ZERO  # the rows as Exact will add them up
        self.predictions: dict[str, Decimal] = {}
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
            if self.revenue is not None:
                out["GLAccount"] = self.revenue["ID"]
        signed = None if self.entry else self.sign * (line.quantity or Decimal(1))
        self._add(out, self.sign * excl, self.sign * tax, vat.code, vat.percent, signed)

    def _add_discounts(self) -> None:
        """One negative line per VAT code for the discounts taken off the lines above."""
        discounts = self.settings.discounts
        coupons = ", ".join(self.order.coupons)
        description = (f"Korting {coupons}" if coupons else "Korting")[:60]
        for code, found in self._discounts.items():
            if found.excl == 0 and found.tax == 0:
                continue
            amount = -found.excl
            out: dict[str, Any] = {"Description": description}
            if self.entry:
                out["GLAccount"] = self._gl(
                    discounts.gl_account, "discounts.gl_account", "discounts"
                )
                out["Quantity"] = self.sign
            else:
                out["Item"] = self._named_item(discounts.item, "discounts.item", "discounts")
                out["Quantity"] = self.sign
                if discounts.gl_account and self.revenue is not None:  # not on orders
                    out["GLAccount"] = self._gl(
                        discounts.gl_account, "discounts.gl_account", "discounts"
                    )
                elif self.revenue is not None:
                    out["GLAccount"] = self.revenue["ID"]
            signed = None if self.entry else Decimal(self.sign)
            self._add(out, self.sign * amount, -self.sign * found.tax, code, found.percent, signed)

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

    def close(
        self,
        expected: Decimal,
        what: str,
        settled: Iterable[tuple[str, Decimal]] = (),
    ) -> list[dict[str, Any]]:
        """The lines, plus a rounding line if Exact's sum would miss ``expected`` (signed).

        ``settled``: the per-rate differences the shop's records already took from its tax
        lines (``Order.tax_settled``), held to the same tolerance as the total's."""
        if not self.rows:
            raise PermanentError(
                f"{self.label} has no lines to book.",
                f"Check the {what} in the shop; empty documents are not posted.",
            )
        tolerance = self.settings.rounding.tolerance
        for name, amount in settled:
            if abs(amount) > tolerance:
                raise PermanentError(
                    f"{self.label}: its {name} is {money_text(amount)} off the items' taxes, "
                    f"more than the rounding tolerance {money_text(tolerance)}.",
                    "Check the order's taxes in the shop, or raise the tolerance under "
                    "Settings > Rounding.",
                )
        gap = expected - self.shop_total
        if abs(gap) > tolerance:
            raise PermanentError(
                f"{self.label}: its lines and VAT add up to {money_text(self.shop_total)} "
                f"where the shop's total is {money_text(expected)} (difference "
                f"{money_text(gap)}, more than the rounding tolerance {money_text(tolerance)}).",
                "Check the VAT in the shop, or raise the tolerance under Settings > Rounding.",
            )
        self._settle()
        difference = expected - self.total
        self.rounding = difference
        if difference:
            self._rounding(difference, gap)
        return self.rows

    def built(self, endpoint: str, key: str, record: dict[str, Any], total: Decimal) -> Built:
        return Built(
            self.kind,
            endpoint,
            key,
            record,
            total,
            rounding=self.rounding,
            notes=self.notes,
            mode=self.mode,
            predictions={mode: value + self.rounding for mode, value in self.predictions.items()},
        )

    def _settle(self) -> None:
        """Write each taxed row's amount, net price and VAT for Exact's arithmetic."""
        entries = [entry for _, entry, _ in self._taxed]
        tolerance = self.settings.rounding.tolerance
        if not self.entry:
            for code, rows in by_code(entries).items():
                if fit(rows, self.mode, tolerance):
                    continue
                shop = sum((e.shop_vat for e in rows), ZERO)
                exact = predict(rows, self.mode)
                net = sum((e.amount for e in rows), ZERO)
                if abs(shop - exact) > allowance(tolerance, len(rows)):
                    raise PermanentError(
                        f"{self.label}: the shop charged {money_text(shop)} VAT on "
                        f"{money_text(net)} at VAT code {code}, where Exact computes "
                        f"{money_text(exact)} at its {rows[0].percent.normalize():f} % "
                        f"(difference {money_text(shop - exact)}, more than the rounding "
                        f"tolerance {money_text(tolerance)}).",
                        "Map the shop's tax rate to an Exact VAT code of the same percentage "
                        "under Settings > VAT, or check the VAT in the shop.",
                    )
                self.notes.append(
                    f"VAT at code {code} is {money_text(exact)} in Exact's arithmetic where "
                    f"the shop says {money_text(shop)}; the difference is in the rounding line"
                )
        untaxed = self.total
        for out, entry, quantity in self._taxed:
            out["AmountFC"] = number(entry.amount)
            if quantity is not None:
                out["NetPrice"] = number(
                    (entry.amount / quantity).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)
                )
            vat = entry.shop_vat if self.entry else line_vat(entry.amount, entry.percent)
            out[self.vat_prop] = number(vat)
            untaxed += entry.amount
        if self.entry:
            self.total = untaxed + sum((e.shop_vat for e in entries), ZERO)
            self.predictions = {}
            return
        self.predictions = {mode: untaxed + predict(entries, mode) for mode in ("line", "document")}
        self.total = self.predictions[self.mode]

    # -- helpers -----------------------------------------------------------------------------
    def _add(
        self,
        out: dict[str, Any],
        amount: Decimal,
        vat: Decimal,
        vat_code: str,
        percent: Decimal = ZERO,
        quantity: Decimal | None = None,
    ) -> None:
        """One row; a taxed row's amount and VAT are written by ``_settle`` (``quantity`` is
        the signed quantity its net price divides by, None on sales entries)."""
        out["VATCode"] = vat_code
        if self.center:
            out["CostCenter"] = self.center
        if self.unit:
            out["CostUnit"] = self.unit
        self.rows.append(out)
        self.shop_total += amount + vat
        if percent or vat:
            entry = Entry(
                amount, vat, vat_code, percent, not self.entry, abs(quantity or Decimal(1))
            )
            self._taxed.append((out, entry, quantity))
        else:
            out["AmountFC"] = number(amount)
            out[self.vat_prop] = 0
            if quantity is not None:
                out["NetPrice"] = number(
                    (amount / quantity).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)
                )
            self.total += amount

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

    def _rounding(self, difference: Decimal, gap: Decimal) -> None:
        """One untaxed line for ``difference``: the shop's own disagreement (``gap``, within
        the tolerance) plus the net a per-document VAT arithmetic moved out of the taxed lines."""
        rounding = self.settings.rounding
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
            if self.revenue is not None:  # invoices book on a G/L account (orders do not)
                out["GLAccount"] = (
                    self._gl(rounding.gl_account, "rounding.gl_account", "rounding")
                    if rounding.gl_account
                    else self.revenue["ID"]
                )
        self._add(out, difference, ZERO, vat_code)
        why = []
        if gap:
            why.append(f"the shop's lines and VAT differ from its total by {money_text(gap)}")
        if difference != gap:
            why.append(
                f"{money_text(difference - gap)} of net kept out of the taxed lines so that "
                f"Exact's VAT per code (computed {MODE_WORDS[self.mode]}) is the shop's"
            )
        self.notes.append(f"rounding line {money_text(difference)} ({'; '.join(why)})")
