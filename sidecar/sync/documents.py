"""Building the Exact document for an order: sales order, sales invoice, direct invoice or
sales entry, with lines whose amounts and VAT reproduce the shop's to the cent.

Each line is sent with its quantity, a net price (the line total after discount divided by the
quantity, to six decimals), its amount and its VAT amount. Exact accepts a VAT amount within a
cent of what it computes, so the shop's own per-line VAT is sent where it is within that cent;
anything that would still make Exact's total differ from the shop's goes into one rounding line,
allowed up to the configured tolerance and refused (with the numbers) beyond it (rule 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sidecar.errors import PermanentError
from sidecar.mapping.resolvers import MissingMapping, Resolver
from sidecar.shops.records import FEE, PRODUCT, SHIPPING, Line, Order, money_text

CENT = Decimal("0.01")
PRICE_PLACES = Decimal("0.000001")
ZERO = Decimal("0")

# document type -> (endpoint, key, lines property, VAT amount property, Exact kind for links)
KINDS = {
    "sales_order": (
        "salesorder/SalesOrders",
        "OrderID",
        "SalesOrderLines",
        "VATAmount",
        "sales_order",
    ),
    "sales_invoice": (
        "salesinvoice/SalesInvoices",
        "InvoiceID",
        "SalesInvoiceLines",
        "VATAmountFC",
        "sales_invoice",
    ),
    "direct_invoice": (
        "salesinvoice/SalesInvoices",
        "InvoiceID",
        "SalesInvoiceLines",
        "VATAmountFC",
        "direct_invoice",
    ),
    "sales_entry": (
        "salesentry/SalesEntries",
        "EntryID",
        "SalesEntryLines",
        "VATAmountFC",
        "sales_entry",
    ),
}
NUMBER_FIELD = {
    "sales_order": "OrderNumber",
    "sales_invoice": "InvoiceNumber",
    "direct_invoice": "InvoiceNumber",
    "sales_entry": "EntryNumber",
}
INVOICE_TYPE = {"sales_invoice": 8020, "direct_invoice": 8023}


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


def _item_for(
    line: Line, items: dict[str, dict[str, Any]], settings: dict[str, Any], order: Order
) -> str:
    """The Exact item GUID for an order/invoice line (entries use G/L accounts instead)."""
    if line.kind == SHIPPING:
        code = settings["shipping"]["item"]
        if not code:
            raise MissingMapping(
                f"Order {order.number} has shipping costs and no Exact item is set for them.",
                "Choose the item for shipping costs under Settings > Shipping (shipping.item).",
                "shipping.item",
            )
    elif line.sku:
        code = line.sku
    else:
        code = settings["items"]["no_sku_item"]
        if not code:
            what = "a fee" if line.kind == FEE else "a product without SKU"
            raise MissingMapping(
                f"Order {order.number}: '{line.name}' is {what} and no Exact "
                "item is set for lines without SKU.",
                "Choose the item for lines without SKU under Settings > Items (items.no_sku_item).",
                "items.no_sku_item",
            )
    row = items.get(code.strip())
    if row is None:
        raise MissingMapping(
            f"Order {order.number}: Exact has no item with code '{code}' ('{line.name}').",
            "Create the item in Exact Online, or choose a "
            "missing-SKU policy under Settings > Items.",
            "items.missing_sku",
        )
    return row["ID"]


def _vat_amount(line: Line, percent: Decimal) -> Decimal:
    """The shop's VAT if Exact accepts it (within a cent of its own), else Exact's."""
    computed = money(line.total_excl * percent / 100)
    return line.total_tax if abs(line.total_tax - computed) <= CENT else computed


def build(
    kind: str,
    order: Order,
    resolver: Resolver,
    account_id: str,
    items: dict[str, dict[str, Any]],
    settings: dict[str, Any],
) -> Built:
    endpoint, key, lines_prop, vat_prop, _ = KINDS[kind]
    doc = settings["document"]
    center, unit = resolver.dimensions(order)
    entry = kind == "sales_entry"
    revenue = resolver.revenue_gl(order) if kind != "sales_order" else None
    lines: list[dict[str, Any]] = []
    total = ZERO
    for line in order.lines:
        if line.kind not in (PRODUCT, SHIPPING, FEE) or (
            line.total_excl == 0 and line.total_tax == 0 and line.kind != PRODUCT
        ):
            continue
        vat = resolver.vat(order, line)
        vat_amount = _vat_amount(line, vat.percent)
        out: dict[str, Any] = {
            "Description": line.name[:60] or line.kind,
            "AmountFC": number(line.total_excl),
            "VATCode": vat.code,
            vat_prop: number(vat_amount),
        }
        if entry:
            gl = revenue
            if line.kind == SHIPPING and settings["shipping"]["gl_account"]:
                gl = resolver._exists(
                    "gl_accounts",
                    settings["shipping"]["gl_account"],
                    "shipping.gl_account",
                    "G/L account",
                )
            out["GLAccount"] = gl["ID"]
            out["Quantity"] = number(line.quantity)
        else:
            quantity = line.quantity or Decimal(1)
            out["Item"] = _item_for(line, items, settings, order)
            out["Quantity"] = number(quantity)
            out["NetPrice"] = number(
                (line.total_excl / quantity).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)
            )
            if revenue is not None:
                out["GLAccount"] = revenue["ID"]
        if center:
            out["CostCenter"] = center
        if unit:
            out["CostUnit"] = unit
        lines.append(out)
        total += line.total_excl + vat_amount
    if not lines:
        raise PermanentError(
            f"Order {order.number} has no lines to book.",
            "Check the order in the shop; empty orders are not posted.",
        )
    difference = order.total - total
    built = Built(kind, endpoint, key, {}, order.total)
    if difference:
        lines.append(_rounding_line(order, resolver, settings, difference, entry, vat_prop))
        built.rounding = difference
        built.notes.append(f"rounding line {money_text(difference)}")
    record: dict[str, Any] = {lines_prop: lines, **resolver.free_fields(order)}
    condition = resolver.payment_condition(order)
    if condition:
        record["PaymentCondition"] = condition
    if entry:
        record["Customer"] = account_id
        record["Journal"] = resolver.payment_journal(order) or doc["journal"]
        record["EntryDate"] = order.created_at.strftime("%Y-%m-%dT%H:%M:%S")
    else:
        record["OrderedBy"] = account_id
        record["OrderDate"] = order.created_at.strftime("%Y-%m-%dT%H:%M:%S")
        shipping_method = resolver.shipping_method_id(order)
        if shipping_method and kind == "sales_order":
            record["ShippingMethod"] = shipping_method
    if kind in INVOICE_TYPE:
        record["Journal"] = doc["journal"]
        record["Type"] = INVOICE_TYPE[kind]
        if kind == "direct_invoice":
            record["Warehouse"] = resolver._exists(
                "warehouses", doc["warehouse"], "document.warehouse", "Warehouse"
            )["ID"]
    built.record = record
    return built


def _rounding_line(
    order: Order,
    resolver: Resolver,
    settings: dict[str, Any],
    difference: Decimal,
    entry: bool,
    vat_prop: str,
) -> dict[str, Any]:
    rounding = settings["rounding"]
    if abs(difference) > rounding["tolerance"]:
        raise PermanentError(
            f"Order {order.number}: the Exact document would total "
            f"{money_text(order.total - difference)} where the shop says "
            f"{money_text(order.total)} (difference {money_text(difference)}, more than the "
            f"rounding tolerance {money_text(rounding['tolerance'])}).",
            "Check the order's VAT in the shop, or raise the tolerance under Settings > Rounding.",
        )
    vat_code = settings["vat"]["untaxed"]
    target = rounding["gl_account"] if entry else rounding["item"]
    if not target or not vat_code:
        setting = "rounding.gl_account" if entry else "rounding.item"
        raise MissingMapping(
            f"Order {order.number} needs a rounding line of {money_text(difference)} and no "
            "rounding item/G/L account or untaxed VAT code is set.",
            f"Set {setting} under Settings > Rounding and vat.untaxed under Settings > VAT.",
            setting,
        )
    resolver._exists("vat_codes", vat_code, "vat.untaxed", "VAT code")
    out: dict[str, Any] = {
        "Description": "Afronding",
        "AmountFC": number(difference),
        "VATCode": vat_code,
        vat_prop: 0,
        "Quantity": 1,
    }
    if entry:
        out["GLAccount"] = resolver._exists(
            "gl_accounts", target, "rounding.gl_account", "G/L account"
        )["ID"]
    else:
        item = resolver.ref.items([target]).get(target)
        if item is None:
            raise MissingMapping(
                f"Rounding item '{target}' does not exist in Exact Online.",
                "Choose an existing item under Settings > Rounding.",
                "rounding.item",
            )
        out["Item"] = item["ID"]
        out["NetPrice"] = number(difference)
    return out
