"""The four sales invoice types and the rules that hang on them (reference §4.6).

``Type``: 8020 sales invoice, 8021 sales credit note, 8023 direct sales invoice, 8024 direct
credit note. A direct invoice also delivers the goods, so it names the ``Warehouse`` the stock
leaves from (a direct credit note: the warehouse the goods come back into). The reference's
field text is "Mandatory for direct sales invoice/credit note, cannot be set for normal sales
invoice/credit note", which the emulator enforces both ways.

Credit notes carry negative quantities (and so negative amounts), invoices non-negative ones.
The reference confirms negative amounts for credit entries (§4.7; ``GAccountAmountFC``: "in case
of a credit invoice the amount should have" a negative sign) but not a sign rule on
``SalesInvoiceLines.Quantity``: UNCONFIRMED, the emulator refuses the wrong sign either way as
the stricter reading (Exact may accept a negative line on an invoice). Zero is accepted on all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .derive_logistics import change_stock
from .errors import invalid
from .references import WAREHOUSE, require
from .resources import WriteContext
from .state import Division

INVOICE, CREDIT_NOTE, DIRECT_INVOICE, DIRECT_CREDIT_NOTE = 8020, 8021, 8023, 8024
TYPES: dict[int, str] = {
    INVOICE: "Sales invoice",
    CREDIT_NOTE: "Sales credit note",
    DIRECT_INVOICE: "Direct sales invoice",
    DIRECT_CREDIT_NOTE: "Direct credit note",
}
# What Exact answers in ``TypeDescription``: "Normal" for 8020 (the dotnet client's recorded
# invoice, the fidelity file's E7); the other three are UNCONFIRMED and keep their names.
TYPE_DESCRIPTIONS: dict[int, str] = {**TYPES, INVOICE: "Normal"}
DIRECT = frozenset({DIRECT_INVOICE, DIRECT_CREDIT_NOTE})
CREDIT = frozenset({CREDIT_NOTE, DIRECT_CREDIT_NOTE})
ZERO = Decimal("0")


EDITIONS_WITH_DIRECT = frozenset({"wholesale", "manufacturing"})


def check_edition(edition: str, invoice_type: int) -> None:
    """Direct invoices (8023/8024) exist only in the Wholesale & Distribution and Manufacturing
    editions (Exact's ``SalesInvoices.Type`` docs, picqer's docblock). Elsewhere the type itself
    is refused, as ``500 Ongeldig: Type`` (Exact's ``Ongeldig: X`` pattern; the wording is
    UNCONFIRMED)."""
    if invoice_type in DIRECT and edition not in EDITIONS_WITH_DIRECT:
        raise invalid("Ongeldig: Type")


def check_type(value: Any) -> int:
    """The invoice type of a POST; omitted means 8020, anything outside the four is a 400."""
    if value is None:
        return INVOICE
    if value not in TYPES:
        allowed = ", ".join(f"{code} ({name})" for code, name in TYPES.items())
        raise invalid(f"Type: {value} is not a valid invoice type. Valid types: {allowed}.")
    return int(value)


def check_type_unchanged(record: dict, sent: dict) -> None:
    # UNCONFIRMED whether Exact lets a PUT turn an open invoice into a credit note (the flag says
    # settable); the emulator refuses, since the lines' signs and the warehouse depend on it.
    if "Type" in sent and sent["Type"] != record.get("Type"):
        raise invalid(
            "Type cannot be changed after the invoice has been created "
            f"(it is {record.get('Type')})."
        )


def check_warehouse(division: Division, invoice: dict) -> None:
    """Direct types need an existing warehouse; normal invoices and credit notes refuse one."""
    invoice_type = invoice.get("Type") or INVOICE
    warehouse = invoice.get("Warehouse")
    if invoice_type in DIRECT:
        if warehouse is None:
            raise invalid("Verplicht: Magazijn")
        require(division, WAREHOUSE, warehouse, "Warehouse")
    elif warehouse is not None:
        raise invalid("Ongeldig: Magazijn")  # only direct invoices and credit notes have one


def check_quantity_sign(invoice: dict, quantity: Decimal) -> None:
    invoice_type = invoice.get("Type") or INVOICE
    if invoice_type in CREDIT and quantity > ZERO:
        raise invalid(
            f"Quantity {quantity} must be negative on a {TYPES[invoice_type].lower()} "
            f"(Type {invoice_type})."
        )
    if invoice_type not in CREDIT and quantity < ZERO:
        credit = DIRECT_CREDIT_NOTE if invoice_type in DIRECT else CREDIT_NOTE
        raise invalid(
            f"Quantity {quantity} cannot be negative on a {TYPES[invoice_type].lower()} "
            f"(Type {invoice_type}); use a credit note (Type {credit})."
        )


def move_direct_stock(ctx: WriteContext, invoice: dict, lines: list[dict]) -> None:
    """Book a processed direct invoice's goods out of (credit note: into) its warehouse.

    Stock moves when the invoice is processed, not at entry: an open invoice can still be
    changed or deleted (UNCONFIRMED; open direct invoices plan no stock either). Only stock
    items move; Exact's negative-stock setting is not modelled, so stock may go below zero as it
    does for goods deliveries.
    """
    if invoice.get("Type") not in DIRECT:
        return
    items = ctx.division.table("logistics/Items")
    for line in lines:
        item = items.get(line.get("Item"))
        if item is not None and item.get("IsStockItem") and line["Quantity"] != ZERO:
            change_stock(ctx, item["ID"], invoice["Warehouse"], -line["Quantity"])
