"""Derived data: order and invoice numbers, amounts and VAT, statuses, processing, payments."""

from __future__ import annotations

from decimal import Decimal

from tests.support.exact_emulator import D1, account_id, error_message, item_id, seed_id


def dec(value) -> Decimal:
    return Decimal(str(value))


def create_order(api, lines, account="1", **header) -> dict:
    body = {"OrderedBy": account_id(account), "SalesOrderLines": lines, **header}
    response = api.post("salesorder/SalesOrders", body)
    assert response.status_code == 201, response.text
    return response.json()["d"]


def order_lines(api, order_id: str) -> list[dict]:
    return api.rows(
        "salesorder/SalesOrderLines",
        **{"$filter": f"OrderID eq guid'{order_id}'", "$orderby": "LineNumber"},
    )


def test_sales_order_amounts_vat_and_numbers(api):
    order = create_order(
        api,
        [
            {"Item": item_id("TSHIRT-RED"), "Quantity": 3},  # 19.95, VAT 21 % from the item
            {"Item": item_id("BOOK-NL"), "Quantity": 1, "NetPrice": 22.50},  # 9 %
        ],
        YourRef="shop-1001",
    )
    assert order["OrderNumber"] == 1
    assert order["Status"] == 12 and order["DeliveryStatus"] == 12
    assert order["StatusDescription"] == "Open"
    # 3 x 19.95 = 59.85 + VAT 12.57 (12.5685 rounded per line); 22.50 + VAT 2.03 (2.025 up)
    assert dec(order["AmountFCExclVat"]) == Decimal("82.35")
    assert dec(order["AmountFC"]) == Decimal("96.95")
    assert order["OrderedByName"] == "Jansen Retail BV"
    assert order["PaymentCondition"] == "14"  # from the account
    lines = order_lines(api, order["OrderID"])
    assert [line["LineNumber"] for line in lines] == [1, 2]
    first, second = lines
    assert first["VATCode"] == "21" and dec(first["VATPercentage"]) == Decimal("0.21")
    assert dec(first["VATAmount"]) == Decimal("12.57")
    assert dec(first["UnitPrice"]) == Decimal("19.95") and first["ItemCode"] == "TSHIRT-RED"
    assert second["VATCode"] == "9" and dec(second["VATAmount"]) == Decimal("2.03")
    assert dec(second["UnitPrice"]) == Decimal("22.5") and dec(second["Discount"]) == 0
    assert create_order(api, [{"Item": item_id("MUG")}])["OrderNumber"] == 2


def test_reverse_charge_account_and_inclusive_vat(api):
    order = create_order(api, [{"Item": item_id("TSHIRT-RED"), "Quantity": 2}], account="2")
    line = order_lines(api, order["OrderID"])[0]
    assert line["VATCode"] == "ICP" and dec(line["VATAmount"]) == 0  # account's VAT code wins
    inclusive = create_order(
        api, [{"Item": item_id("MUG"), "Quantity": 1, "NetPrice": 12.10, "VATCode": "21I"}]
    )
    line = order_lines(api, inclusive["OrderID"])[0]
    assert dec(line["VATAmount"]) == Decimal("2.10")
    assert dec(line["AmountFC"]) == Decimal("10.00")
    assert dec(inclusive["AmountFC"]) == Decimal("12.10")


def test_discount_and_conflicting_prices(api):
    order = create_order(
        api, [{"Item": item_id("MUG"), "Quantity": 4, "UnitPrice": 10, "Discount": 0.25}]
    )
    line = order_lines(api, order["OrderID"])[0]
    assert dec(line["NetPrice"]) == Decimal("7.5") and dec(line["AmountFC"]) == Decimal("30")
    conflict = api.post(
        "salesorder/SalesOrders",
        {
            "OrderedBy": account_id("1"),
            "SalesOrderLines": [
                {"Item": item_id("MUG"), "UnitPrice": 10, "Discount": 0.25, "NetPrice": 9}
            ],
        },
    )
    assert conflict.status_code == 500
    wrong_pct = api.post(
        "salesorder/SalesOrders",
        {
            "OrderedBy": account_id("1"),
            "SalesOrderLines": [{"Item": item_id("MUG"), "VATCode": "21", "VATPercentage": 0.09}],
        },
    )
    assert wrong_pct.status_code == 500


def test_line_endpoint_recomputes_the_order(api):
    order = create_order(api, [{"Item": item_id("MUG"), "Quantity": 1}])
    added = api.post(
        "salesorder/SalesOrderLines",
        {"OrderID": order["OrderID"], "Item": item_id("BOOK-NL"), "Quantity": 2},
    )
    assert added.status_code == 201
    assert added.json()["d"]["LineNumber"] == 2
    refreshed = api.one(f"salesorder/SalesOrders(guid'{order['OrderID']}')")
    # 8.50 + 1.79 VAT (1.785 up) + 49.98 + 4.50 VAT (4.4982) = 64.77
    assert dec(refreshed["AmountFC"]) == Decimal("64.77")
    line_id = added.json()["d"]["ID"]
    assert (
        api.put(f"salesorder/SalesOrderLines(guid'{line_id}')", {"Quantity": 1}).status_code == 204
    )
    refreshed = api.one(f"salesorder/SalesOrders(guid'{order['OrderID']}')")
    assert dec(refreshed["AmountFC"]) == Decimal("37.53")  # 10.29 + 24.99 + 2.25
    first_id = order_lines(api, order["OrderID"])[0]["ID"]
    assert api.delete(f"salesorder/SalesOrderLines(guid'{first_id}')").status_code == 204
    last = api.delete(f"salesorder/SalesOrderLines(guid'{line_id}')")
    assert last.status_code == 500  # an order keeps at least one line
    expanded = api.one(
        f"salesorder/SalesOrders(guid'{order['OrderID']}')", **{"$expand": "SalesOrderLines"}
    )
    assert len(expanded["SalesOrderLines"]["results"]) == 1


def test_goods_delivery_moves_status_and_stock(exact, api):
    order = create_order(api, [{"Item": item_id("TSHIRT-RED"), "Quantity": 5}])
    line = order_lines(api, order["OrderID"])[0]
    position = api.one("read/logistics/StockPosition", itemId=f"guid'{item_id('TSHIRT-RED')}'")[0]
    assert position["InStock"] == 100 and position["PlanningOut"] == 5
    assert position["ProjectedStock"] == 95

    def deliver(quantity):
        return api.post(
            "salesorder/GoodsDeliveries",
            {
                "DeliveryDate": "2026-01-10T00:00:00",
                "GoodsDeliveryLines": [
                    {"SalesOrderLineID": line["ID"], "QuantityDelivered": quantity}
                ],
            },
        )

    first = deliver(2)
    assert first.status_code == 201, first.text
    assert first.json()["d"]["DeliveryNumber"] == 1
    partial = api.one(f"salesorder/SalesOrders(guid'{order['OrderID']}')")
    assert partial["Status"] == 20 and partial["DeliveryStatus"] == 20
    assert deliver(4).status_code == 500  # more than the open 3
    assert deliver(3).status_code == 201
    complete = api.one(f"salesorder/SalesOrders(guid'{order['OrderID']}')")
    assert complete["Status"] == 21 and complete["StatusDescription"] == "Complete"
    position = api.one("read/logistics/StockPosition", itemId=f"guid'{item_id('TSHIRT-RED')}'")[0]
    assert position["InStock"] == 95 and position["PlanningOut"] == 0
    assert (
        api.put(
            f"salesorder/SalesOrders(guid'{order['OrderID']}')", {"Remarks": "late"}
        ).status_code
        == 500
    )  # complete orders are closed
    assert deliver(1).status_code == 500


def create_invoice(api, journal="70", lines=None, **header) -> dict:
    body = {
        "Journal": journal,
        "OrderedBy": account_id("1"),
        "SalesInvoiceLines": lines or [{"Item": item_id("MUG"), "Quantity": 2}],
        **header,
    }
    response = api.post("salesinvoice/SalesInvoices", body)
    assert response.status_code == 201, response.text
    return response.json()["d"]


def test_invoices_are_numbered_when_processed_by_default(exact, api):
    yy = exact.state.clock.local_now().year % 100
    first, second = create_invoice(api), create_invoice(api)
    assert first["InvoiceNumber"] is None and second["InvoiceNumber"] is None
    for invoice in (second, first):  # numbered in the order they are processed
        printed = api.post("salesinvoice/PrintedSalesInvoices", {"InvoiceID": invoice["InvoiceID"]})
        assert printed.status_code == 201, printed.text
    numbers = {
        row["InvoiceID"]: row["InvoiceNumber"]
        for row in api.rows("salesinvoice/SalesInvoices", **{"$select": "InvoiceID,InvoiceNumber"})
    }
    assert numbers == {
        second["InvoiceID"]: int(f"{yy:02d}700001"),
        first["InvoiceID"]: int(f"{yy:02d}700002"),
    }


def test_invoice_numbers_per_journal_and_totals(exact, api, monkeypatch):
    monkeypatch.setattr(exact.config, "invoice_number_at", "entry")
    yy = exact.state.clock.local_now().year % 100
    first = create_invoice(api)
    second = create_invoice(api)
    other = create_invoice(api, journal="71")
    assert first["InvoiceNumber"] == int(f"{yy:02d}700001")
    assert second["InvoiceNumber"] == int(f"{yy:02d}700002")
    assert other["InvoiceNumber"] == int(f"{yy:02d}710001")
    assert first["Status"] == 20 and first["Type"] == 8020
    assert dec(first["AmountFCExclVat"]) == Decimal("17")
    assert dec(first["VATAmountFC"]) == Decimal("3.57")
    assert dec(first["AmountFC"]) == Decimal("20.57")
    lines = api.rows(
        "salesinvoice/SalesInvoiceLines", **{"$filter": f"InvoiceID eq guid'{first['InvoiceID']}'"}
    )
    assert lines[0]["GLAccount"] == seed_id("financial/GLAccounts", "8000")  # from the item group
    not_sales = api.post(
        "salesinvoice/SalesInvoices",
        {
            "Journal": "20",
            "OrderedBy": account_id("1"),
            "SalesInvoiceLines": [{"Item": item_id("MUG")}],
        },
    )
    assert not_sales.status_code == 500
    assert error_message(not_sales) == "Ongeldig: Dagboek"


def test_processing_books_a_receivable_and_payment_marks_it_paid(exact, api):
    invoice = create_invoice(api, YourRef="shop-2002")
    printed = api.post("salesinvoice/PrintedSalesInvoices", {"InvoiceID": invoice["InvoiceID"]})
    assert printed.status_code == 201, printed.text
    processed = api.one(f"salesinvoice/SalesInvoices(guid'{invoice['InvoiceID']}')")
    assert processed["Status"] == 50 and processed["StatusDescription"] == "Processed"
    invoice = processed  # numbered now
    again = api.post("salesinvoice/PrintedSalesInvoices", {"InvoiceID": invoice["InvoiceID"]})
    assert again.status_code == 500
    change = api.put(
        f"salesinvoice/SalesInvoices(guid'{invoice['InvoiceID']}')", {"Description": "x"}
    )
    assert change.status_code == 500
    assert "Processed invoices" in error_message(change)
    assert api.get("cashflow/Receivables").status_code == 400  # needs $select or $top
    receivables = api.rows(
        "cashflow/Receivables",
        **{
            "$select": "ID,IsFullyPaid,AmountDC,InvoiceNumber,YourRef,EntryID",
            "$filter": "IsFullyPaid eq false",
        },
    )
    assert len(receivables) == 1
    open_item = receivables[0]
    assert open_item["InvoiceNumber"] == invoice["InvoiceNumber"]
    assert dec(open_item["AmountDC"]) == Decimal("20.57") and open_item["YourRef"] == "shop-2002"
    exact.pay_invoice(D1, invoice["InvoiceNumber"], "10.00")
    part = api.rows("cashflow/Receivables", **{"$select": "IsFullyPaid,AmountDC"})[0]
    assert part["IsFullyPaid"] is False and dec(part["AmountDC"]) == Decimal("10.57")
    exact.pay_invoice(D1, invoice["InvoiceNumber"])
    paid = api.rows("cashflow/Receivables", **{"$select": "IsFullyPaid,AmountDC,Status"})[0]
    assert paid["IsFullyPaid"] is True and dec(paid["AmountDC"]) == 0 and paid["Status"] == 50


def test_sales_entry_with_explicit_vat_and_cost_centre_rules(api):
    gl_services = seed_id("financial/GLAccounts", "8200")  # cost centre mandatory
    gl_none = seed_id("financial/GLAccounts", "8300")  # cost centre not allowed
    base = {"Journal": "70", "Customer": account_id("3"), "YourRef": "shop-3003"}
    missing_cc = api.post(
        "salesentry/SalesEntries",
        {**base, "SalesEntryLines": [{"AmountFC": 100, "GLAccount": gl_services}]},
    )
    assert missing_cc.status_code == 500
    assert error_message(missing_cc) == "Verplicht: Kostenplaats"
    forbidden = api.post(
        "salesentry/SalesEntries",
        {**base, "SalesEntryLines": [{"AmountFC": 100, "GLAccount": gl_none, "CostCenter": "WEB"}]},
    )
    assert forbidden.status_code == 500
    response = api.post(
        "salesentry/SalesEntries",
        {
            **base,
            "SalesEntryLines": [
                {"AmountFC": 33.33, "GLAccount": gl_services, "CostCenter": "WEB"},
                {"AmountFC": 10, "GLAccount": gl_none, "VATAmountFC": 2.11},  # explicit VAT
            ],
        },
    )
    assert response.status_code == 201, response.text
    entry = response.json()["d"]
    # 33.33 + 7.00 VAT (6.9993) + 10 + 2.11 (explicit, computed would be 2.10) = 52.44
    assert dec(entry["AmountDC"]) == Decimal("52.44")
    assert dec(entry["VATAmountFC"]) == Decimal("9.11")
    assert entry["EntryNumber"] == entry["InvoiceNumber"]
    duplicate = api.post(
        "salesentry/SalesEntries",
        {
            **base,
            "InvoiceNumber": entry["InvoiceNumber"],
            "SalesEntryLines": [{"AmountFC": 1, "GLAccount": gl_none}],
        },
    )
    assert duplicate.status_code == 500
    receivable = api.rows(
        "cashflow/Receivables",
        **{"$select": "AmountDC,YourRef", "$filter": f"EntryID eq guid'{entry['EntryID']}'"},
    )
    assert dec(receivable[0]["AmountDC"]) == Decimal("52.44")
