"""Regenerate ``entities.json`` (the emulator's trimmed entity catalogue) from the full reference.

Run by hand when the reference changes::

    python -m sidecar.emulators.exact.schema_build /path/to/exact-entities.json

The emulator never reads the reference at run time; it only reads the trimmed copy this writes
next to this module. Each property becomes ``[type, post, put, mandatory]`` (plus the child
endpoint for collections) so the file stays small enough to review in a diff.

Some sync and bulk endpoints that the reference text lists (§2.3) are missing from the entity
catalogue; they are derived here from their base entity (plus ``Timestamp`` for sync) and marked
``"derived_from"`` so a reader knows their property list is inferred, not scraped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SERVED = [
    "current/Me",
    "system/Divisions",
    "crm/Accounts",
    "crm/Contacts",
    "crm/Addresses",
    "crm/AccountClassifications",
    "crm/AccountClassificationNames",
    "logistics/Items",
    "logistics/ItemGroups",
    "logistics/SalesItemPrices",
    "inventory/Warehouses",
    "inventory/ItemWarehouses",
    "read/logistics/StockPosition",
    "salesorder/SalesOrders",
    "salesorder/SalesOrderLines",
    "salesorder/GoodsDeliveries",
    "salesorder/GoodsDeliveryLines",
    "salesinvoice/SalesInvoices",
    "salesinvoice/SalesInvoiceLines",
    "salesinvoice/PrintedSalesInvoices",
    "salesentry/SalesEntries",
    "salesentry/SalesEntryLines",
    "vat/VATCodes",
    "financial/GLAccounts",
    "financial/Journals",
    "cashflow/PaymentConditions",
    "cashflow/Receivables",
    "sales/ShippingMethods",
    "hrm/Costcenters",
    "hrm/Costunits",
    "webhooks/WebhookSubscriptions",
    "sync/CRM/Accounts",
    "bulk/CRM/Accounts",
    "sync/Logistics/Items",
    "bulk/Logistics/Items",
    "sync/SalesInvoice/SalesInvoices",
    "bulk/SalesInvoice/SalesInvoices",
    "bulk/SalesInvoice/SalesInvoiceLines",
    "sync/SalesOrder/SalesOrderHeaders",
    "bulk/SalesOrder/SalesOrders",
    "sync/SalesOrder/SalesOrderLines",
    "bulk/SalesOrder/SalesOrderLines",
    "sync/Inventory/StockPositions",
    "sync/Inventory/ItemWarehouses",
    "sync/Deleted",
]

# Listed in the reference text (§2.3) but absent from the entity catalogue: derived from a base.
DERIVED = {
    "bulk/CRM/Contacts": ("crm/Contacts", "bulk"),
    "bulk/Cashflow/Receivables": ("cashflow/Receivables", "bulk"),
    "bulk/SalesOrder/GoodsDeliveries": ("salesorder/GoodsDeliveries", "bulk"),
    "sync/CRM/Contacts": ("crm/Contacts", "sync"),
    "sync/CRM/Addresses": ("crm/Addresses", "sync"),
    "sync/Logistics/SalesItemPrices": ("logistics/SalesItemPrices", "sync"),
    "sync/Financial/GLAccounts": ("financial/GLAccounts", "sync"),
    "sync/SalesOrder/GoodsDeliveries": ("salesorder/GoodsDeliveries", "sync"),
}


def _trim(entity: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, list[Any]] = {}
    for name, prop in entity["properties"].items():
        row = [prop["type"], prop["post"], prop["put"], bool(prop["mandatory"])]
        if prop["type"] == "collection":
            row.append(prop.get("collection_of"))
        props[name] = row
    out = {"name": entity["name"], "key": entity["key"], "methods": entity["methods"]}
    out["properties"] = props
    return out


def _derive(base: dict[str, Any], kind: str, base_path: str) -> dict[str, Any]:
    props = {
        name: [row[0], False, False, False, *row[4:]] for name, row in base["properties"].items()
    }
    if kind == "sync":
        props = {"Timestamp": ["Edm.Int64", False, False, False], **props}
        key = "Timestamp"
    else:
        key = base["key"]
    return {
        "name": ("Sync" if kind == "sync" else "Bulk") + base["name"],
        "key": key,
        "methods": ["GET"],
        "properties": props,
        "derived_from": base_path,
    }


def build(source: Path) -> dict[str, Any]:
    entities = json.loads(source.read_text(encoding="utf-8"))["entities"]
    out = {path: _trim(entities[path]) for path in SERVED}
    for path, (base, kind) in DERIVED.items():
        out[path] = _derive(out[base], kind, base)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: schema_build.py /path/to/exact-entities.json", file=sys.stderr)
        return 2
    data = build(Path(argv[1]))
    target = Path(__file__).with_name("entities.json")
    lines = ["{"]
    items = list(data.items())
    for index, (path, entity) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        lines.append(f"{json.dumps(path)}: {json.dumps(entity, separators=(',', ':'))}{comma}")
    lines.append("}")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {target} ({len(data)} entities)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
