"""Documents in a foreign currency: Exact keeps the amounts in that currency (FC) and converts
them with the division's rate (DC); a currency without a rate is refused (``500 Ongeldig:
Valuta``) and nothing is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.emulators.exact.test_customer_status import ENTRIES, INVOICES, ORDERS, documents
from tests.support.exact_emulator import error_message


def _customer(api) -> str:
    return api.rows("crm/Accounts", **{"$filter": "Status eq 'C'"})[0]["ID"]


@pytest.mark.parametrize("endpoint", [INVOICES, ORDERS, ENTRIES])
def test_a_dollar_document_keeps_dollars_and_converts_at_the_rate(api, endpoint):
    body = {**documents(_customer(api))[endpoint], "Currency": "USD"}
    answer = api.post(endpoint, body)
    assert answer.status_code == 201, answer.text
    row = answer.json()["d"]
    key = {INVOICES: "InvoiceID", ORDERS: "OrderID", ENTRIES: "EntryID"}[endpoint]
    stored = api.one(f"{endpoint}(guid'{row[key]}')")
    assert stored["Currency"] == "USD"
    fc = Decimal(str(stored["AmountFC"]))
    assert fc > 0
    assert Decimal(str(stored["AmountDC"])) == (fc * Decimal("0.9250")).quantize(Decimal("0.01"))
    lines_of = {
        INVOICES: "SalesInvoiceLines",
        ORDERS: "SalesOrderLines",
        ENTRIES: "SalesEntryLines",
    }
    children = api.one(f"{endpoint}(guid'{row[key]}')/{lines_of[endpoint]}")["results"]
    for line in children:
        amount = Decimal(str(line["AmountFC"]))
        assert Decimal(str(line["AmountDC"])) == (amount * Decimal("0.9250")).quantize(
            Decimal("0.01")
        ), "lines are converted too"


def test_no_currency_is_the_division_currency(api):
    answer = api.post(INVOICES, documents(_customer(api))[INVOICES])
    stored = api.one(f"{INVOICES}(guid'{answer.json()['d']['InvoiceID']}')")
    assert stored["Currency"] == "EUR" and stored["AmountDC"] == stored["AmountFC"]


@pytest.mark.parametrize("endpoint", [INVOICES, ORDERS, ENTRIES])
def test_a_currency_without_a_rate_is_refused(api, endpoint):
    before = len(api.rows(endpoint))
    answer = api.post(endpoint, {**documents(_customer(api))[endpoint], "Currency": "CHF"})
    assert answer.status_code == 500, answer.text
    assert error_message(answer) == "Ongeldig: Valuta"
    assert len(api.rows(endpoint)) == before
