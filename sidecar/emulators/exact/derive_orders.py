"""Sales orders, their lines, and goods deliveries with the status codes Exact uses.

Status codes (reference §4.5): 12 open, 20 partial, 21 complete, 45 cancelled, for the order
and separately for delivery and invoicing. Orders are numbered per division; deliveries move
lines towards complete, and stock with them.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from .amounts import total
from .arithmetic import settle
from .derive_logistics import default_warehouse, recompute_stock
from .errors import invalid
from .references import PAYMENT, SHIPPING, WAREHOUSE, check_references, lookup
from .resources import Resource, WriteContext, describe, unique
from .writes import Payload, validate

OPEN, PARTIAL, COMPLETE, CANCELLED = 12, 20, 21, 45
STATUS_TEXT = {OPEN: "Open", PARTIAL: "Partial", COMPLETE: "Complete", CANCELLED: "Cancelled"}
LINES = "salesorder/SalesOrderLines"
ORDERS = "salesorder/SalesOrders"
ZERO = Decimal("0")


def price_order_line(ctx: WriteContext, order: dict, line: dict) -> dict:
    from .pricing import account_for, price_line, to_home

    account = account_for(ctx, order["OrderedBy"], "OrderedBy")
    price_line(ctx, LINES, line, account, vat_field="VATAmount", with_gl=False)
    line["AmountDC"] = to_home(ctx, order, line["AmountFC"])
    line["OrderID"] = order["OrderID"]
    line["OrderNumber"] = order["OrderNumber"]
    line.setdefault("QuantityDelivered", ZERO)
    line.setdefault("QuantityInvoiced", ZERO)
    line.setdefault("DeliveryStatus", OPEN)
    line.setdefault("InvoiceStatus", OPEN)
    line.setdefault("DeliveryDate", order.get("DeliveryDate"))
    line["OrderStatus"] = order.get("Status", OPEN)
    return line


def reprice(merged: dict, sent: dict, *, vat_field: str) -> None:
    """Drop derived amounts from a line before re-pricing it after a PUT."""
    for derived in ("AmountFC", vat_field):
        if derived not in sent:
            merged.pop(derived, None)
    if "NetPrice" not in sent:
        merged.pop("NetPrice", None)
    elif "UnitPrice" not in sent:
        merged.pop("UnitPrice", None)
        if "Discount" not in sent:
            merged.pop("Discount", None)


def order_lines(ctx: WriteContext, order_id: Any) -> list[dict]:
    lines = [row for row in ctx.division.table(LINES).values() if row.get("OrderID") == order_id]
    return sorted(lines, key=lambda row: row.get("LineNumber") or 0)


def refresh_order(ctx: WriteContext, order: dict, *, notify: bool = True) -> None:
    """Recompute totals and statuses from the lines, then stamp the order."""
    from .pricing import to_home

    lines = order_lines(ctx, order["OrderID"])
    settle(ctx, lines, "VATAmount")
    excl = total([line["AmountFC"] for line in lines])
    vat = total([line["VATAmount"] for line in lines])
    order.update(AmountFCExclVat=excl, AmountFC=excl + vat, VATAmount=vat)
    order["AmountDC"] = to_home(ctx, order, excl + vat)
    if order.get("Status") != CANCELLED and lines:
        delivered = [line["QuantityDelivered"] >= line["Quantity"] for line in lines]
        started = any(line["QuantityDelivered"] > 0 for line in lines)
        status = COMPLETE if all(delivered) else PARTIAL if started else OPEN
        order.update(Status=status, DeliveryStatus=status)
    order["StatusDescription"] = STATUS_TEXT.get(order.get("Status"))
    order["DeliveryStatusDescription"] = STATUS_TEXT.get(order.get("DeliveryStatus"))
    order["InvoiceStatusDescription"] = STATUS_TEXT.get(order.get("InvoiceStatus"))
    for line in lines:
        line["OrderStatus"] = order["Status"]
    if order["OrderID"] in ctx.division.table(ORDERS):
        ctx.state.touch(ctx.division, ORDERS, order["OrderID"], notify=notify)


class SalesOrders(Resource):
    path = ORDERS

    def create(self, ctx: WriteContext, body: object) -> dict:
        from .pricing import account_for, check_currency, check_customer

        payload = validate(self.entity, body, "POST")
        check_references(ctx.division, self.path, payload.fields)
        order = dict(payload.fields)
        check_currency(ctx, order)
        for name in ("Discount", "AmountDiscount", "AmountDiscountExclVat"):
            if order.get(name):
                raise invalid(f"{name} on the order header is not supported; use line prices.")
        account = account_for(ctx, order["OrderedBy"], "OrderedBy")
        check_customer(ctx, order["OrderedBy"], "OrderedBy", "orders")
        order_id = order.get("OrderID") or str(uuid.uuid4())
        if order_id in self.table(ctx):
            raise invalid("Gegeven bestaat reeds.")
        if order.get("OrderNumber") is not None:
            unique(ctx, self.path, "OrderNumber", order["OrderNumber"])
        else:
            existing = [row.get("OrderNumber") or 0 for row in self.table(ctx).values()]
            order["OrderNumber"] = max(existing, default=0) + 1
        today = ctx.now().replace(hour=0, minute=0, second=0)
        order.update(OrderID=order_id, Status=OPEN, DeliveryStatus=OPEN)
        order.update(InvoiceStatus=OPEN, ApprovalStatus=1)
        order.setdefault("OrderDate", today)
        order.setdefault("DeliveryDate", order["OrderDate"])
        order.setdefault("InvoiceTo", order["OrderedBy"])
        order.setdefault("DeliverTo", order["OrderedBy"])
        order.setdefault("PaymentCondition", account.get("PaymentConditionSales"))
        order.setdefault("ShippingMethod", account.get("ShippingMethod"))
        if order.get("WarehouseID") is None:
            order["WarehouseID"] = (default_warehouse(ctx) or {}).get("ID")
        self.derive(ctx, order, payload, creating=True)
        lines = []
        for number, line_payload in enumerate(payload.children["SalesOrderLines"], start=1):
            line = price_order_line(ctx, order, dict(line_payload.fields))
            line["LineNumber"] = number
            lines.append(line)
        for line in lines:
            ctx.state.insert(ctx.division, LINES, "ID", line)
        ctx.state.insert(ctx.division, self.path, "OrderID", order)
        refresh_order(ctx, order, notify=False)
        for item in {line["Item"] for line in lines}:
            recompute_stock(ctx, item)
        return order

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        division = ctx.division
        accounts = division.table("crm/Accounts")
        for role in ("OrderedBy", "InvoiceTo", "DeliverTo"):
            record[f"{role}Name"] = describe(accounts.get(record.get(role)), "Name")
        record["PaymentConditionDescription"] = describe(
            lookup(division, PAYMENT, record.get("PaymentCondition"))
        )
        shipping = lookup(division, SHIPPING, record.get("ShippingMethod"))
        record["ShippingMethodDescription"] = describe(shipping)
        warehouse = lookup(division, WAREHOUSE, record.get("WarehouseID"))
        record["WarehouseCode"] = describe(warehouse, "Code")
        record["WarehouseDescription"] = describe(warehouse)

    def check_update(self, ctx: WriteContext, record: dict, payload: Payload) -> None:
        if record.get("Status") in (COMPLETE, CANCELLED):
            raise invalid("A completed or cancelled sales order cannot be changed.")
        if payload.fields.get("OrderNumber") not in (None, record.get("OrderNumber")):
            unique(ctx, self.path, "OrderNumber", payload.fields["OrderNumber"], record["OrderID"])

    def after_update(self, ctx: WriteContext, record: dict) -> None:
        refresh_order(ctx, record, notify=False)

    def check_delete(self, ctx: WriteContext, record: dict) -> None:
        if any(line["QuantityDelivered"] > 0 for line in order_lines(ctx, record["OrderID"])):
            raise invalid("A sales order with deliveries cannot be deleted.")

    def after_delete(self, ctx: WriteContext, record: dict) -> None:
        items = set()
        for line in order_lines(ctx, record["OrderID"]):
            items.add(line["Item"])
            ctx.state.delete(ctx.division, LINES, line["ID"])
        for item in items:
            recompute_stock(ctx, item)


class SalesOrderLines(Resource):
    path = LINES

    def _order(self, ctx: WriteContext, order_id: Any) -> dict:
        order = ctx.division.table(ORDERS).get(order_id)
        if order is None:
            raise invalid(f"OrderID: '{order_id}' does not exist in division {ctx.division.code}.")
        if order.get("Status") not in (OPEN, PARTIAL):
            raise invalid("Lines of a completed or cancelled sales order cannot be changed.")
        return order

    def create(self, ctx: WriteContext, body: object) -> dict:
        payload = validate(self.entity, body, "POST")
        order = self._order(ctx, payload.fields["OrderID"])
        line = price_order_line(ctx, order, dict(payload.fields))
        existing = order_lines(ctx, order["OrderID"])
        line["LineNumber"] = max((row["LineNumber"] for row in existing), default=0) + 1
        ctx.state.insert(ctx.division, self.path, "ID", line)
        refresh_order(ctx, order)
        recompute_stock(ctx, line["Item"])
        return line

    def update(self, ctx: WriteContext, key: Any, body: object) -> None:
        line = self.get(ctx, key)
        payload = validate(self.entity, body, "PUT")
        order = self._order(ctx, line["OrderID"])
        if payload.fields.get("OrderID") not in (None, line["OrderID"]):
            raise invalid("A line cannot move to another sales order.")
        merged = {**line, **payload.fields}
        reprice(merged, payload.fields, vat_field="VATAmount")
        price_order_line(ctx, order, merged)
        if merged["Quantity"] < line["QuantityDelivered"]:
            raise invalid("Quantity cannot be lower than the quantity already delivered.")
        line.clear()
        line.update(merged)
        ctx.state.touch(ctx.division, self.path, key, notify=False)
        refresh_order(ctx, order)
        recompute_stock(ctx, line["Item"])

    def delete(self, ctx: WriteContext, key: Any) -> None:
        line = self.get(ctx, key)
        order = self._order(ctx, line["OrderID"])
        if len(order_lines(ctx, order["OrderID"])) == 1:
            raise invalid("A sales order needs at least one line.")
        if line["QuantityDelivered"] > 0:
            raise invalid("A delivered line cannot be deleted.")
        ctx.state.delete(ctx.division, self.path, key)
        refresh_order(ctx, order)
        recompute_stock(ctx, line["Item"])
