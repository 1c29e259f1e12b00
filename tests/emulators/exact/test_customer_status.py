"""Only accounts with customer status can be booked on (picqer #172: ``500 Ongeldig: Factuur voor
(Type)`` for an invoice to an account that is no customer)."""

from __future__ import annotations

import pytest

from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import running_emulator
from tests.support.exact_emulator import Api, error_message, item_id, seed_id

INVOICES = "salesinvoice/SalesInvoices"
ORDERS = "salesorder/SalesOrders"
ENTRIES = "salesentry/SalesEntries"


def documents(account: str) -> dict[str, dict]:
    gl = seed_id("financial/GLAccounts", "8000")
    return {
        INVOICES: {
            "Journal": "70",
            "OrderedBy": account,
            "SalesInvoiceLines": [{"Item": item_id("MUG"), "Quantity": 1}],
        },
        ORDERS: {"OrderedBy": account, "SalesOrderLines": [{"Item": item_id("MUG")}]},
        ENTRIES: {
            "Journal": "70",
            "Customer": account,
            "SalesEntryLines": [{"AmountFC": 10, "GLAccount": gl}],
        },
    }


def new_account(api: Api, **fields) -> str:
    created = api.post("crm/Accounts", {"Name": "Prospect BV", **fields})
    assert created.status_code == 201, created.text
    return created.json()["d"]["ID"]


def test_an_account_created_without_status_is_no_customer(api):
    account = new_account(api)
    assert api.one(f"crm/Accounts(guid'{account}')")["Status"] == "A"


@pytest.mark.parametrize("status", ["P", "S", "A"])
def test_documents_to_a_non_customer_are_refused_and_nothing_is_stored(api, status):
    account = new_account(api, Status=status)
    expected = {
        INVOICES: "Ongeldig: Factuur voor (Type)",
        ORDERS: "Ongeldig: Besteld door (Type)",
        ENTRIES: "Ongeldig: Klant (Type)",
    }
    for endpoint, body in documents(account).items():
        before = len(api.rows(endpoint))
        answer = api.post(endpoint, body)
        assert answer.status_code == 500, (endpoint, answer.text)
        assert error_message(answer) == expected[endpoint]
        assert len(api.rows(endpoint)) == before


def test_the_same_documents_pass_once_the_account_is_a_customer(api):
    account = new_account(api, Status="P")
    assert api.put(f"crm/Accounts(guid'{account}')", {"Status": "C"}).status_code == 204
    for endpoint, body in documents(account).items():
        answer = api.post(endpoint, body)
        assert answer.status_code == 201, (endpoint, answer.text)


def test_the_rule_covers_only_the_documents_configured():
    config = EmulatorConfig(customer_status_required=("invoices",))
    with running_emulator(config) as handle:
        api = Api(handle, handle.tokens().access_token)
        account = new_account(api, Status="P")
        bodies = documents(account)
        assert api.post(INVOICES, bodies[INVOICES]).status_code == 500
        assert api.post(ORDERS, bodies[ORDERS]).status_code == 201
        assert api.post(ENTRIES, bodies[ENTRIES]).status_code == 201
