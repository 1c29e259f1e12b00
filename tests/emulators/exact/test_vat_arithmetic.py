"""The three VAT arithmetics (``vat_arithmetic``): what Exact keeps of a sent line VAT.

The lines are those of a real WooCommerce order (fixture order 34): the shop's line taxes 0.47,
1.45 and 3.90 are each within a cent of 21 % of the line, per-line rounding gives 0.46, 1.46 and
3.90 (5.82), and 21 % of the summed 27.69 is 5.81.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import requests

from tests.support.exact_emulator import account_id, item_id

LINES = [("2.21", "0.47"), ("6.93", "1.45"), ("18.55", "3.90")]
EXPECTED = {
    "client": (["0.47", "1.45", "3.90"], "5.82"),
    "line": (["0.46", "1.46", "3.90"], "5.82"),
    "document": (["0.46", "1.46", "3.89"], "5.81"),
}


@pytest.fixture(params=sorted(EXPECTED))
def mode(request, exact):
    exact.set_options(vat_arithmetic=request.param)
    yield request.param
    exact.set_options(vat_arithmetic="line")


def _lines(vat_field: str) -> list[dict]:
    return [
        {"Item": item_id("MUG"), "Quantity": 1, "NetPrice": float(net), vat_field: float(vat)}
        for net, vat in LINES
    ]


def _vats(api, endpoint: str, key: str, document_id: str, vat_field: str) -> list[Decimal]:
    rows = api.rows(
        endpoint, **{"$filter": f"{key} eq guid'{document_id}'", "$orderby": "LineNumber"}
    )
    return [Decimal(str(row[vat_field])) for row in rows]


def test_sales_invoices_under_each_arithmetic(api, mode):
    body = {
        "Journal": "70",
        "OrderedBy": account_id("1"),
        "SalesInvoiceLines": _lines("VATAmountFC"),
    }
    created = api.post("salesinvoice/SalesInvoices", body)
    assert created.status_code == 201, created.text
    invoice = created.json()["d"]
    lines, vat = EXPECTED[mode]
    # the create answer carries the totals as this arithmetic computed them
    assert Decimal(str(invoice["VATAmountFC"])) == Decimal(vat)
    assert Decimal(str(invoice["AmountFC"])) == Decimal("27.69") + Decimal(vat)
    found = _vats(
        api, "salesinvoice/SalesInvoiceLines", "InvoiceID", invoice["InvoiceID"], "VATAmountFC"
    )
    assert found == [Decimal(v) for v in lines]


def test_sales_orders_under_each_arithmetic(api, mode):
    body = {"OrderedBy": account_id("1"), "SalesOrderLines": _lines("VATAmount")}
    created = api.post("salesorder/SalesOrders", body)
    assert created.status_code == 201, created.text
    order = created.json()["d"]
    lines, vat = EXPECTED[mode]
    # a sales order has no VAT total of its own: AmountFC less AmountFCExclVat
    assert Decimal(str(order["AmountFCExclVat"])) == Decimal("27.69")
    assert Decimal(str(order["AmountFC"])) == Decimal("27.69") + Decimal(vat)
    found = _vats(api, "salesorder/SalesOrderLines", "OrderID", order["OrderID"], "VATAmount")
    assert found == [Decimal(v) for v in lines]


def test_a_line_added_later_is_settled_with_the_document(api, mode):
    body = {"OrderedBy": account_id("1"), "SalesOrderLines": _lines("VATAmount")[:2]}
    order = api.post("salesorder/SalesOrders", body).json()["d"]
    added = api.post(
        "salesorder/SalesOrderLines",
        {"OrderID": order["OrderID"], **_lines("VATAmount")[2]},
    )
    assert added.status_code == 201, added.text
    rows = api.rows("salesorder/SalesOrders", **{"$filter": f"OrderID eq guid'{order['OrderID']}'"})
    assert Decimal(str(rows[0]["AmountFC"])) == Decimal("27.69") + Decimal(EXPECTED[mode][1])


def test_the_option_is_checked(exact):
    answer = requests.put(
        f"{exact.base_url}/_emulator/options", json={"vat_arithmetic": "cents"}, timeout=5
    )
    assert answer.status_code == 400 and "vat_arithmetic" in answer.text
    unknown = requests.put(
        f"{exact.base_url}/_emulator/options", json={"rounding": "up"}, timeout=5
    )
    assert unknown.status_code == 400 and "rounding" in unknown.text
    assert exact.set_options() == {"vat_arithmetic": "line"}
