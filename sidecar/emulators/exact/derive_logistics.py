"""Items, prices, warehouses and stock: the catalogue data the shop pulls from Exact.

Stock lives per item and warehouse (``inventory/ItemWarehouses``); planned stock out is the
undelivered quantity of open sales orders, so creating or delivering an order moves the stock
position the way it moves in Exact, with new row versions for the sync endpoints.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .errors import invalid
from .references import GL, ITEM, VAT, WAREHOUSE, lookup
from .resources import Resource, WriteContext, describe, unique
from .state import Change
from .writes import Payload

ZERO = Decimal("0")
OPEN_ORDER_STATUSES = (12, 20)


class Items(Resource):
    path = "logistics/Items"

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        division = ctx.division
        if record.get("Code") is not None and not record["Code"].strip():
            raise invalid("Verplicht: Code")
        unique(ctx, self.path, "Code", record.get("Code"), skip_key=record.get("ID"))
        groups = division.table("logistics/ItemGroups")
        if creating:
            record.setdefault("IsSalesItem", True)
            record.setdefault("IsStockItem", False)
            record.setdefault("IsPurchaseItem", False)
            record.setdefault("Unit", "pc")
            record.setdefault("StandardSalesPrice", ZERO)
            record.setdefault("Stock", ZERO)
            if record.get("ItemGroup") is None:
                default = next((g for g in groups.values() if g.get("IsDefault") == 1), None)
                record["ItemGroup"] = default["ID"] if default else None
        group = groups.get(record.get("ItemGroup"))
        record["ItemGroupCode"] = describe(group, "Code")
        record["ItemGroupDescription"] = describe(group)
        if record.get("GLRevenue") is None and group is not None:
            record["GLRevenue"] = group.get("GLRevenue")
        revenue = lookup(division, GL, record.get("GLRevenue"))
        record["GLRevenueCode"] = describe(revenue, "Code")
        record["GLRevenueDescription"] = describe(revenue)
        record["SalesVatCodeDescription"] = describe(
            lookup(division, VAT, record.get("SalesVatCode"))
        )
        record["UnitDescription"] = record.get("Unit")

    def check_delete(self, ctx: WriteContext, record: dict) -> None:
        for table in ("salesorder/SalesOrderLines", "salesinvoice/SalesInvoiceLines"):
            if any(row.get("Item") == record["ID"] for row in ctx.division.table(table).values()):
                raise invalid("The item is used in transactions and cannot be deleted.")


class SalesItemPrices(Resource):
    path = "logistics/SalesItemPrices"

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        item = lookup(ctx.division, ITEM, record.get("Item"))
        if item is None:
            raise invalid("Verplicht: Artikel")
        record["ItemCode"] = item.get("Code")
        record["ItemDescription"] = item.get("Description")
        record.setdefault("Currency", "EUR")
        record.setdefault("Quantity", ZERO)
        record.setdefault("Unit", item.get("Unit"))
        if record.get("Price") is None:
            raise invalid("Verplicht: Prijs")

    def create(self, ctx: WriteContext, body: object) -> dict:
        record = super().create(ctx, body)
        sync_default_price(ctx, record)
        return record

    def after_update(self, ctx: WriteContext, record: dict) -> None:
        sync_default_price(ctx, record)


def sync_default_price(ctx: WriteContext, price: dict) -> None:
    """A price without account or quantity break is the item's standard sales price."""
    if price.get("Account") is None and not price.get("Quantity"):
        item = ctx.division.table("logistics/Items").get(price["Item"])
        if item is not None and item.get("StandardSalesPrice") != price["Price"]:
            item["StandardSalesPrice"] = price["Price"]
            ctx.state.touch(ctx.division, "logistics/Items", item["ID"])


class Warehouses(Resource):
    path = "inventory/Warehouses"

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        if creating and record.get("Code") is None:
            raise invalid("Verplicht: Code")
        unique(ctx, self.path, "Code", record.get("Code"), skip_key=record.get("ID"))


class ItemWarehouses(Resource):
    path = "inventory/ItemWarehouses"

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        item = lookup(ctx.division, ITEM, record.get("Item"))
        warehouse = lookup(ctx.division, WAREHOUSE, record.get("Warehouse"))
        if creating:
            for row in self.table(ctx).values():
                if (
                    row.get("Item") == record["Item"]
                    and row.get("Warehouse") == record["Warehouse"]
                ):
                    raise invalid("Gegeven bestaat reeds.")
            for name in ("CurrentStock", "ReservedStock", "PlannedStockIn", "PlannedStockOut"):
                record.setdefault(name, ZERO)
        record["ItemCode"] = describe(item, "Code")
        record["ItemDescription"] = describe(item)
        record["ItemIsStockItem"] = describe(item, "IsStockItem")
        record["ItemUnit"] = describe(item, "Unit")
        record["WarehouseCode"] = describe(warehouse, "Code")
        record["WarehouseDescription"] = describe(warehouse)
        record["ProjectedStock"] = (
            record["CurrentStock"] + record["PlannedStockIn"] - record["PlannedStockOut"]
        )


def default_warehouse(ctx: WriteContext) -> dict | None:
    warehouses = ctx.division.table("inventory/Warehouses")
    main = next((w for w in warehouses.values() if w.get("Main") or w.get("IsDefault")), None)
    return main or next(iter(warehouses.values()), None)


def item_warehouse(ctx: WriteContext, item_id: Any, warehouse_id: Any) -> dict:
    """The stock row of an item in a warehouse, created on first use as Exact does."""
    table = ctx.division.table("inventory/ItemWarehouses")
    for row in table.values():
        if row.get("Item") == item_id and row.get("Warehouse") == warehouse_id:
            return row
    record = {
        "Item": item_id,
        "Warehouse": warehouse_id,
        "CurrentStock": ZERO,
        "ReservedStock": ZERO,
        "PlannedStockIn": ZERO,
        "PlannedStockOut": ZERO,
    }
    ItemWarehouses().derive(ctx, record, Payload(fields={}), creating=False)
    return ctx.state.insert(ctx.division, "inventory/ItemWarehouses", "ID", record)


def recompute_stock(ctx: WriteContext, item_id: Any) -> None:
    """Refresh planned stock out and the item's total stock after orders or deliveries."""
    division = ctx.division
    item = division.table("logistics/Items").get(item_id)
    if item is None or not item.get("IsStockItem"):
        return
    fallback = default_warehouse(ctx)
    planned: dict[Any, Decimal] = {}
    orders = division.table("salesorder/SalesOrders")
    for line in division.table("salesorder/SalesOrderLines").values():
        order = orders.get(line.get("OrderID"))
        if line.get("Item") != item_id or order is None:
            continue
        if order.get("Status") not in OPEN_ORDER_STATUSES:
            continue
        warehouse = order.get("WarehouseID") or (fallback or {}).get("ID")
        open_qty = line.get("Quantity", ZERO) - line.get("QuantityDelivered", ZERO)
        planned[warehouse] = planned.get(warehouse, ZERO) + max(open_qty, ZERO)
    if fallback is not None:
        item_warehouse(ctx, item_id, fallback["ID"])
    for warehouse in planned:
        if warehouse is not None:
            item_warehouse(ctx, item_id, warehouse)
    total = ZERO
    table = division.table("inventory/ItemWarehouses")
    for key, row in table.items():
        if row.get("Item") != item_id:
            continue
        total += row["CurrentStock"]
        new_out = planned.get(row["Warehouse"], ZERO)
        projected = row["CurrentStock"] + row["PlannedStockIn"] - new_out
        if row["PlannedStockOut"] != new_out or row.get("ProjectedStock") != projected:
            row["PlannedStockOut"] = new_out
            row["ProjectedStock"] = projected
            ctx.state.touch(division, "inventory/ItemWarehouses", key, notify=False)
            ctx.state.changes.append(Change(division.code, "StockPositions", "Update", item_id))
    if item.get("Stock") != total:
        item["Stock"] = total
        ctx.state.touch(division, "logistics/Items", item_id, notify=False)


def change_stock(ctx: WriteContext, item_id: Any, warehouse_id: Any, delta: Decimal) -> None:
    row = item_warehouse(ctx, item_id, warehouse_id)
    row["CurrentStock"] = row["CurrentStock"] + delta
    row["ProjectedStock"] = row["CurrentStock"] + row["PlannedStockIn"] - row["PlannedStockOut"]
    key = row["ID"]
    ctx.state.touch(ctx.division, "inventory/ItemWarehouses", key, notify=False)
    ctx.state.changes.append(Change(ctx.division.code, "StockPositions", "Update", item_id))
    recompute_stock(ctx, item_id)


def stock_position(ctx_division, item_id: Any) -> dict:
    """The row of read/logistics/StockPosition: totals over all warehouses."""
    rows = [
        row
        for row in ctx_division.table("inventory/ItemWarehouses").values()
        if row.get("Item") == item_id
    ]
    in_stock = sum((row["CurrentStock"] for row in rows), ZERO)
    reserved = sum((row["ReservedStock"] for row in rows), ZERO)
    planning_in = sum((row["PlannedStockIn"] for row in rows), ZERO)
    planning_out = sum((row["PlannedStockOut"] for row in rows), ZERO)
    return {
        "ItemId": item_id,
        "InStock": in_stock,
        "FreeStock": in_stock - reserved,
        "ReservedStock": reserved,
        "PlanningIn": planning_in,
        "PlanningOut": planning_out,
        "ProjectedStock": in_stock + planning_in - planning_out,
    }
