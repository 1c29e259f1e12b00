"""Goods deliveries: shipping sales order lines, which completes orders and lowers stock."""

from __future__ import annotations

import uuid
from typing import Any

from .amounts import ZERO
from .derive_logistics import change_stock
from .derive_orders import OPEN, ORDERS, PARTIAL, refresh_order
from .errors import invalid
from .references import SHIPPING, check_references, lookup
from .resources import Resource, WriteContext, describe
from .writes import validate

DELIVERY_LINES = "salesorder/GoodsDeliveryLines"


class GoodsDeliveries(Resource):
    path = "salesorder/GoodsDeliveries"

    def create(self, ctx: WriteContext, body: object) -> dict:
        payload = validate(self.entity, body, "POST")
        check_references(ctx.division, self.path, payload.fields)
        division = ctx.division
        order_lines = division.table("salesorder/SalesOrderLines")
        orders = division.table(ORDERS)
        planned = []
        for line_payload in payload.children["GoodsDeliveryLines"]:
            fields = dict(line_payload.fields)
            check_references(division, DELIVERY_LINES, fields)
            order_line = order_lines[fields["SalesOrderLineID"]]
            order = orders[order_line["OrderID"]]
            if order.get("Status") not in (OPEN, PARTIAL):
                raise invalid(f"Sales order {order['OrderNumber']} is not open for delivery.")
            quantity = fields["QuantityDelivered"]
            if quantity <= ZERO:
                raise invalid("QuantityDelivered must be greater than zero.")
            already = sum(q for line, _o, q, _f in planned if line is order_line)
            remaining = order_line["Quantity"] - order_line["QuantityDelivered"] - already
            if quantity > remaining:
                # UNCONFIRMED whether Exact allows over-delivery; refusing is the stricter choice.
                raise invalid(
                    f"QuantityDelivered {quantity} exceeds the open quantity {remaining} of "
                    f"line {order_line['LineNumber']} of sales order {order['OrderNumber']}."
                )
            planned.append((order_line, order, quantity, fields))
        customers = {order["DeliverTo"] for _l, order, _q, _f in planned}
        if len(customers) != 1:
            raise invalid("All lines of a goods delivery must be for the same customer.")
        first_order = planned[0][1]
        header = dict(payload.fields)
        header["EntryID"] = header.get("EntryID") or str(uuid.uuid4())
        number = division.next_number("GoodsDeliveries")
        header.update(DeliveryNumber=number, EntryNumber=number)
        header["DeliveryAccount"] = first_order["DeliverTo"]
        account = division.table("crm/Accounts").get(first_order["DeliverTo"])
        header["DeliveryAccountCode"] = describe(account, "Code")
        header["DeliveryAccountName"] = describe(account, "Name")
        header["Warehouse"] = first_order.get("WarehouseID")
        header["WarehouseCode"] = first_order.get("WarehouseCode")
        header["WarehouseDescription"] = first_order.get("WarehouseDescription")
        header.setdefault("ShippingMethod", first_order.get("ShippingMethod"))
        shipping = lookup(division, SHIPPING, header.get("ShippingMethod"))
        header["ShippingMethodCode"] = describe(shipping, "Code")
        header["ShippingMethodDescription"] = describe(shipping)
        touched_orders: dict[Any, dict] = {}
        for number_in_delivery, (order_line, order, quantity, fields) in enumerate(planned, 1):
            fields.update(
                EntryID=header["EntryID"],
                LineNumber=number_in_delivery,
                Item=order_line["Item"],
                ItemCode=order_line.get("ItemCode"),
                ItemDescription=order_line.get("ItemDescription"),
                QuantityOrdered=order_line["Quantity"],
                SalesOrderNumber=order["OrderNumber"],
                SalesOrderLineNumber=order_line["LineNumber"],
                DeliveryDate=header["DeliveryDate"],
                Unitcode=order_line.get("UnitCode"),
            )
            fields.setdefault("Description", order_line.get("Description"))
            ctx.state.insert(division, DELIVERY_LINES, "ID", fields)
            order_line["QuantityDelivered"] = order_line["QuantityDelivered"] + quantity
            done = order_line["QuantityDelivered"] >= order_line["Quantity"]
            order_line["DeliveryStatus"] = 21 if done else 20
            ctx.state.touch(division, "salesorder/SalesOrderLines", order_line["ID"], notify=False)
            touched_orders[order["OrderID"]] = order
            item = division.table("logistics/Items").get(order_line["Item"])
            if item is not None and item.get("IsStockItem") and order.get("WarehouseID"):
                change_stock(ctx, item["ID"], order["WarehouseID"], -quantity)
        record = ctx.state.insert(division, self.path, "EntryID", header)
        for order in touched_orders.values():
            refresh_order(ctx, order)
        return record


class GoodsDeliveryLines(Resource):
    path = DELIVERY_LINES

    def create(self, ctx: WriteContext, body: object) -> dict:
        raise invalid("Goods delivery lines cannot be posted individually; post the delivery.")
