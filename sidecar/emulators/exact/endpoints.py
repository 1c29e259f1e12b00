"""Which URL serves which rows: standard, bulk (1,000 a page) and sync (row-versioned) endpoints.

Bulk and sync endpoints read the same tables as the standard ones; sync rows are ordered and
paged by ``Timestamp``. A few sync endpoints join or reshape rows (invoice lines with their
header, stock per warehouse), which is what the projection functions here do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .derive_crm import Accounts, Addresses, Contacts
from .derive_deliveries import GoodsDeliveries, GoodsDeliveryLines
from .derive_entries import SalesEntries, SalesEntryLines
from .derive_invoices import PrintedSalesInvoices, SalesInvoiceLines, SalesInvoices
from .derive_logistics import Items, ItemWarehouses, SalesItemPrices, Warehouses
from .derive_orders import SalesOrderLines, SalesOrders
from .derive_reference import (
    Costcenters,
    Costunits,
    GLAccounts,
    Journals,
    PaymentConditions,
    VATCodes,
)
from .receivables import Receivables
from .resources import Resource
from .schema import EntityDef, catalogue
from .state import Division
from .webhooks import WebhookSubscriptions

Rows = Callable[[Division], Iterable[dict]]

# Child collection -> the field on the child row that holds the parent's key.
CHILD_PARENT_KEYS = {
    "salesorder/SalesOrderLines": "OrderID",
    "salesinvoice/SalesInvoiceLines": "InvoiceID",
    "salesentry/SalesEntryLines": "EntryID",
    "salesorder/GoodsDeliveryLines": "EntryID",
}


@dataclass
class Endpoint:
    path: str
    entity: EntityDef
    kind: str  # standard | bulk | sync | read
    rows: Rows
    resource: Resource | None = None
    # Exact refuses a bare GET on some endpoints: "Please add a $select or a $top=1 statement".
    needs_select_or_top: bool = False

    @property
    def paging_key(self) -> str:
        return self.entity.key


def _table(path: str) -> Rows:
    return lambda division: division.table(path).values()


def _orders_as_headers(division: Division) -> Iterable[dict]:
    for order in division.table("salesorder/SalesOrders").values():
        yield {**order, "ID": order["OrderID"]}


def _order_lines_with_status(division: Division) -> Iterable[dict]:
    orders = division.table("salesorder/SalesOrders")
    for line in division.table("salesorder/SalesOrderLines").values():
        order = orders.get(line["OrderID"], {})
        yield {
            **line,
            "Status": order.get("Status"),
            "StatusDescription": order.get("StatusDescription"),
        }


def _invoice_lines_with_header(division: Division) -> Iterable[dict]:
    invoices = division.table("salesinvoice/SalesInvoices")
    for line in division.table("salesinvoice/SalesInvoiceLines").values():
        header = invoices.get(line["InvoiceID"], {})
        yield {**header, **line, "Timestamp": line["Timestamp"]}


def _stock_positions(division: Division) -> Iterable[dict]:
    for row in division.table("inventory/ItemWarehouses").values():
        yield {
            **row,
            "ItemId": row["Item"],
            "FreeStock": row["CurrentStock"] - row["ReservedStock"],
            "PlanningIn": row["PlannedStockIn"],
            "PlanningOut": row["PlannedStockOut"],
            "UnitCode": row.get("ItemUnit"),
        }


def _divisions(state_divisions: Callable[[], Iterable[dict]]) -> Rows:
    return lambda _division: state_divisions()


RESOURCES: list[type[Resource]] = [
    Accounts,
    Contacts,
    Addresses,
    Items,
    SalesItemPrices,
    Warehouses,
    ItemWarehouses,
    SalesOrders,
    SalesOrderLines,
    GoodsDeliveries,
    GoodsDeliveryLines,
    SalesInvoices,
    SalesInvoiceLines,
    PrintedSalesInvoices,
    SalesEntries,
    SalesEntryLines,
    VATCodes,
    GLAccounts,
    Journals,
    PaymentConditions,
    Receivables,
    Costcenters,
    Costunits,
    WebhookSubscriptions,
]
READ_ONLY_TABLES = [
    "logistics/ItemGroups",
    "sales/ShippingMethods",
    "crm/AccountClassifications",
    "crm/AccountClassificationNames",
]
BULK = {
    "bulk/CRM/Accounts": "crm/Accounts",
    "bulk/CRM/Contacts": "crm/Contacts",
    "bulk/Logistics/Items": "logistics/Items",
    "bulk/SalesOrder/SalesOrders": "salesorder/SalesOrders",
    "bulk/SalesOrder/SalesOrderLines": "salesorder/SalesOrderLines",
    "bulk/SalesInvoice/SalesInvoices": "salesinvoice/SalesInvoices",
    "bulk/SalesInvoice/SalesInvoiceLines": "salesinvoice/SalesInvoiceLines",
    "bulk/Cashflow/Receivables": "cashflow/Receivables",
    "bulk/SalesOrder/GoodsDeliveries": "salesorder/GoodsDeliveries",
}
SYNC: dict[str, Rows] = {
    "sync/CRM/Accounts": _table("crm/Accounts"),
    "sync/CRM/Contacts": _table("crm/Contacts"),
    "sync/CRM/Addresses": _table("crm/Addresses"),
    "sync/Logistics/Items": _table("logistics/Items"),
    "sync/Logistics/SalesItemPrices": _table("logistics/SalesItemPrices"),
    "sync/Financial/GLAccounts": _table("financial/GLAccounts"),
    "sync/SalesOrder/GoodsDeliveries": _table("salesorder/GoodsDeliveries"),
    "sync/SalesOrder/SalesOrderHeaders": _orders_as_headers,
    "sync/SalesOrder/SalesOrderLines": _order_lines_with_status,
    "sync/SalesInvoice/SalesInvoices": _invoice_lines_with_header,
    "sync/Inventory/StockPositions": _stock_positions,
    "sync/Inventory/ItemWarehouses": _table("inventory/ItemWarehouses"),
    "sync/Deleted": _table("sync/Deleted"),
}


def build_registry(divisions_rows: Callable[[], Iterable[dict]]) -> dict[str, Endpoint]:
    entities = catalogue()
    registry: dict[str, Endpoint] = {}
    for resource_type in RESOURCES:
        resource = resource_type()
        path = resource.path
        registry[path] = Endpoint(path, entities[path], "standard", _table(path), resource)
    registry["cashflow/Receivables"].needs_select_or_top = True
    for path in READ_ONLY_TABLES:
        registry[path] = Endpoint(path, entities[path], "standard", _table(path))
    registry["system/Divisions"] = Endpoint(
        "system/Divisions", entities["system/Divisions"], "standard", _divisions(divisions_rows)
    )
    for path, base in BULK.items():
        registry[path] = Endpoint(path, entities[path], "bulk", _table(base))
    for path, rows in SYNC.items():
        registry[path] = Endpoint(path, entities[path], "sync", rows)
    registry["read/logistics/StockPosition"] = Endpoint(
        "read/logistics/StockPosition", entities["read/logistics/StockPosition"], "read", _table("")
    )
    return registry
