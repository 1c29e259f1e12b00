"""Exact Online resources as data: endpoint, key, the fields the sidecar reads, bulk/sync twins.

Names are spelled exactly as Exact spells them (a test checks every one against the reference
catalogue). Flows read ``resource.select`` instead of writing ``$select`` strings by hand, so
adding a field the sidecar needs is one edit here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    endpoint: str
    key: str
    fields: tuple[str, ...]
    bulk: str | None = None
    sync: str | None = None
    key_is_guid: bool = True

    @property
    def select(self) -> str:
        return ",".join(self.fields)

    def key_literal(self, value: str) -> str:
        return f"guid'{value}'" if self.key_is_guid else f"'{value}'"


def _r(endpoint: str, key: str, fields: str, **kw) -> Resource:  # noqa: ANN003
    return Resource(endpoint, key, tuple(fields.split()), **kw)


ACCOUNTS = _r(
    "crm/Accounts",
    "ID",
    "ID Code Name Email Status VATNumber Country City Postcode "
    "AddressLine1 Classification1 PaymentConditionSales SalesVATCode GLAccountSales",
    bulk="bulk/CRM/Accounts",
    sync="sync/CRM/Accounts",
)
CONTACTS = _r(
    "crm/Contacts",
    "ID",
    "ID Account FirstName LastName Email IsMainContact",
    bulk="bulk/CRM/Contacts",
    sync="sync/CRM/Contacts",
)
ADDRESSES = _r(
    "crm/Addresses",
    "ID",
    "ID Account Type AddressLine1 Postcode City Country Main",
    sync="sync/CRM/Addresses",
)
ITEMS = _r(
    "logistics/Items",
    "ID",
    "ID Code Description IsSalesItem IsStockItem ItemGroup SalesVatCode Unit",
    bulk="bulk/Logistics/Items",
    sync="sync/Logistics/Items",
)
ITEM_GROUPS = _r("logistics/ItemGroups", "ID", "ID Code Description IsDefault")
SALES_ITEM_PRICES = _r(
    "logistics/SalesItemPrices",
    "ID",
    "ID Item ItemCode Price Currency StartDate EndDate",
    sync="sync/Logistics/SalesItemPrices",
)
WAREHOUSES = _r("inventory/Warehouses", "ID", "ID Code Description Main")
ITEM_WAREHOUSES = _r(
    "inventory/ItemWarehouses",
    "ID",
    "ID Item ItemCode Warehouse CurrentStock ReservedStock PlannedStockIn PlannedStockOut",
)
STOCK_POSITION = _r(
    "read/logistics/StockPosition",
    "ItemId",
    "ItemId InStock FreeStock ReservedStock PlanningIn PlanningOut ProjectedStock",
)
SALES_ORDERS = _r(
    "salesorder/SalesOrders",
    "OrderID",
    "OrderID OrderNumber OrderedBy YourRef "
    "Status DeliveryStatus InvoiceStatus AmountFC AmountFCExclVat Currency",
    bulk="bulk/SalesOrder/SalesOrders",
    sync="sync/SalesOrder/SalesOrderHeaders",
)
SALES_ORDER_LINES = _r(
    "salesorder/SalesOrderLines",
    "ID",
    "ID OrderID Item Quantity QuantityDelivered AmountFC VATAmount VATCode",
    bulk="bulk/SalesOrder/SalesOrderLines",
    sync="sync/SalesOrder/SalesOrderLines",
)
SALES_INVOICES = _r(
    "salesinvoice/SalesInvoices",
    "InvoiceID",
    "InvoiceID InvoiceNumber "
    "OrderedBy YourRef Status Type AmountFC AmountFCExclVat VATAmountFC Currency "
    "Journal",
    bulk="bulk/SalesInvoice/SalesInvoices",
    sync="sync/SalesInvoice/SalesInvoices",
)
SALES_INVOICE_LINES = _r(
    "salesinvoice/SalesInvoiceLines",
    "ID",
    "ID InvoiceID Item Quantity AmountFC VATAmountFC VATCode GLAccount",
    bulk="bulk/SalesInvoice/SalesInvoiceLines",
)
PRINTED_SALES_INVOICES = _r(
    "salesinvoice/PrintedSalesInvoices",
    "InvoiceID",
    "InvoiceID SendEmailToCustomer DocumentCreationSuccess EmailCreationSuccess",
)
SALES_ENTRIES = _r(
    "salesentry/SalesEntries",
    "EntryID",
    "EntryID EntryNumber Customer YourRef Journal Type AmountFC VATAmountFC Currency Status",
)
SALES_ENTRY_LINES = _r(
    "salesentry/SalesEntryLines", "ID", "ID EntryID GLAccount AmountFC VATAmountFC VATCode"
)
VAT_CODES = _r(
    "vat/VATCodes", "ID", "ID Code Description Percentage Type VATTransactionType IsBlocked"
)
GL_ACCOUNTS = _r(
    "financial/GLAccounts",
    "ID",
    "ID Code Description Type BalanceType IsBlocked",
    sync="sync/Financial/GLAccounts",
)
JOURNALS = _r("financial/Journals", "ID", "ID Code Description Type")
PAYMENT_CONDITIONS = _r("cashflow/PaymentConditions", "ID", "ID Code Description PaymentDays")
SHIPPING_METHODS = _r("sales/ShippingMethods", "ID", "ID Code Description Active")
ACCOUNT_CLASSIFICATIONS = _r(
    "crm/AccountClassifications", "ID", "ID Code Description AccountClassificationName"
)
# Which of an account's eight Classification<n> fields a classification goes in.
ACCOUNT_CLASSIFICATION_NAMES = _r(
    "crm/AccountClassificationNames", "ID", "ID SequenceNumber Description"
)
COST_CENTERS = _r("hrm/Costcenters", "ID", "ID Code Description Active")
COST_UNITS = _r("hrm/Costunits", "ID", "ID Code Description")
RECEIVABLES = _r(
    "cashflow/Receivables",
    "ID",
    "ID InvoiceNumber AmountFC IsFullyPaid LastPaymentDate",
    bulk="bulk/Cashflow/Receivables",
)
GOODS_DELIVERIES = _r(
    "salesorder/GoodsDeliveries",
    "EntryID",
    "EntryID DeliveryNumber DeliveryDate TrackingNumber",
    bulk="bulk/SalesOrder/GoodsDeliveries",
    sync="sync/SalesOrder/GoodsDeliveries",
)
WEBHOOK_SUBSCRIPTIONS = _r(
    "webhooks/WebhookSubscriptions", "ID", "ID CallbackURL Topic Description"
)
DIVISIONS = _r("system/Divisions", "Code", "Code Description", key_is_guid=False)
DELETED = _r(
    "sync/Deleted", "Timestamp", "Timestamp EntityKey EntityType DeletedDate", key_is_guid=False
)

ALL: tuple[Resource, ...] = tuple(v for v in globals().values() if isinstance(v, Resource))

# The reference lists shown on the shop's settings page (GET /api/v1/shop/exact/options).
OPTIONS: dict[str, Resource] = {
    "divisions": DIVISIONS,
    "vat_codes": VAT_CODES,
    "gl_accounts": GL_ACCOUNTS,
    "journals": JOURNALS,
    "payment_conditions": PAYMENT_CONDITIONS,
    "shipping_methods": SHIPPING_METHODS,
    "cost_centers": COST_CENTERS,
    "cost_units": COST_UNITS,
    "item_groups": ITEM_GROUPS,
    "warehouses": WAREHOUSES,
    "account_classifications": ACCOUNT_CLASSIFICATIONS,
}
