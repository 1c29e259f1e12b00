"""Which properties point at other records, and the 400 Exact gives when the target is missing.

Codes (VAT code, payment condition, journal, cost centre, cost unit) are looked up by ``Code``;
everything else by GUID key. Kept as data so adding an entity means adding a line here.
"""

from __future__ import annotations

from .captions import caption, joined
from .errors import invalid
from .state import Division

ACCOUNT = ("crm/Accounts", "ID")
CONTACT = ("crm/Contacts", "ID")
ITEM = ("logistics/Items", "ID")
GL = ("financial/GLAccounts", "ID")
VAT = ("vat/VATCodes", "Code")
PAYMENT = ("cashflow/PaymentConditions", "Code")
SHIPPING = ("sales/ShippingMethods", "ID")
WAREHOUSE = ("inventory/Warehouses", "ID")
JOURNAL = ("financial/Journals", "Code")
COSTCENTER = ("hrm/Costcenters", "Code")
COSTUNIT = ("hrm/Costunits", "Code")
CLASSIFICATION = ("crm/AccountClassifications", "ID")

REFERENCES: dict[str, dict[str, tuple[str, str]]] = {
    "crm/Accounts": {
        "PaymentConditionSales": PAYMENT,
        "SalesVATCode": VAT,
        "ShippingMethod": SHIPPING,
        "MainContact": CONTACT,
        "GLAccountSales": GL,
        "InvoiceAccount": ACCOUNT,
        "Parent": ACCOUNT,
        **{f"Classification{n}": CLASSIFICATION for n in range(1, 9)},
    },
    "crm/Contacts": {"Account": ACCOUNT},
    "crm/Addresses": {"Account": ACCOUNT, "Contact": CONTACT},
    "logistics/Items": {
        "ItemGroup": ("logistics/ItemGroups", "ID"),
        "SalesVatCode": VAT,
        "GLRevenue": GL,
        "GLCosts": GL,
        "GLStock": GL,
    },
    "logistics/SalesItemPrices": {"Item": ITEM, "Account": ACCOUNT},
    "inventory/ItemWarehouses": {"Item": ITEM, "Warehouse": WAREHOUSE},
    "financial/GLAccounts": {"VATCode": VAT},
    "salesorder/SalesOrders": {
        "OrderedBy": ACCOUNT,
        "InvoiceTo": ACCOUNT,
        "DeliverTo": ACCOUNT,
        "OrderedByContactPerson": CONTACT,
        "InvoiceToContactPerson": CONTACT,
        "DeliverToContactPerson": CONTACT,
        "DeliveryAddress": ("crm/Addresses", "ID"),
        "PaymentCondition": PAYMENT,
        "ShippingMethod": SHIPPING,
        "WarehouseID": WAREHOUSE,
    },
    "salesorder/SalesOrderLines": {
        "OrderID": ("salesorder/SalesOrders", "OrderID"),
        "Item": ITEM,
        "VATCode": VAT,
        "CostCenter": COSTCENTER,
        "CostUnit": COSTUNIT,
    },
    "salesinvoice/SalesInvoices": {
        "OrderedBy": ACCOUNT,
        "InvoiceTo": ACCOUNT,
        "DeliverTo": ACCOUNT,
        "OrderedByContactPerson": CONTACT,
        "InvoiceToContactPerson": CONTACT,
        "DeliverToContactPerson": CONTACT,
        "DeliverToAddress": ("crm/Addresses", "ID"),
        "Journal": JOURNAL,
        "PaymentCondition": PAYMENT,
        "ShippingMethod": SHIPPING,
        "Warehouse": WAREHOUSE,
    },
    "salesinvoice/SalesInvoiceLines": {
        "InvoiceID": ("salesinvoice/SalesInvoices", "InvoiceID"),
        "Item": ITEM,
        "VATCode": VAT,
        "GLAccount": GL,
        "CostCenter": COSTCENTER,
        "CostUnit": COSTUNIT,
    },
    "salesinvoice/PrintedSalesInvoices": {"InvoiceID": ("salesinvoice/SalesInvoices", "InvoiceID")},
    "salesentry/SalesEntries": {
        "Customer": ACCOUNT,
        "Journal": JOURNAL,
        "PaymentCondition": PAYMENT,
    },
    "salesentry/SalesEntryLines": {
        "EntryID": ("salesentry/SalesEntries", "EntryID"),
        "GLAccount": GL,
        "VATCode": VAT,
        "CostCenter": COSTCENTER,
        "CostUnit": COSTUNIT,
    },
    "salesorder/GoodsDeliveries": {"ShippingMethod": SHIPPING},
    "salesorder/GoodsDeliveryLines": {
        "EntryID": ("salesorder/GoodsDeliveries", "EntryID"),
        "SalesOrderLineID": ("salesorder/SalesOrderLines", "ID"),
    },
}


def lookup(division: Division, target: tuple[str, str], value: object) -> dict | None:
    table, field_name = target
    rows = division.table(table)
    if field_name in ("ID", "OrderID", "InvoiceID", "EntryID"):
        return rows.get(value)
    for row in rows.values():
        if row.get(field_name) == value:
            return row
    return None


def check_references(division: Division, entity_path: str, fields: dict[str, object]) -> None:
    """Every reference to a record the division lacks, in one answer (picqer #249:
    "Ongeldige referentie: Leveren aan\r\nOngeldige referentie: Besteld door")."""
    wrong = [
        f"Ongeldige referentie: {caption(name)}"
        for name, target in REFERENCES.get(entity_path, {}).items()
        if fields.get(name) is not None and lookup(division, target, fields[name]) is None
    ]
    if wrong:
        raise invalid(joined(wrong))


def require(division: Division, target: tuple[str, str], value: object, name: str) -> dict:
    row = lookup(division, target, value)
    if row is None:
        raise invalid(
            f"Ongeldige referentie: {caption(name)}"
            if value is not None
            else f"Verplicht: {caption(name)}"
        )
    return row
