"""VAT codes and G/L accounts as Exact answers and checks them: codes padded to their column
width, percentages as fractions; blocked and purchase-only VAT codes refused on sales lines; a
balance-sheet G/L account refused on sales lines (``Ongeldig: Grootboekrekeningtype``, picqer
#121)."""

from __future__ import annotations

import pytest

from tests.emulators.exact.test_customer_status import ENTRIES, INVOICES, documents
from tests.support.exact_emulator import D1, error_message, seed_id

VAT = "vat/VATCodes"


def _customer(api) -> str:
    return api.rows("crm/Accounts", **{"$filter": "Status eq 'C'"})[0]["ID"]


def test_codes_and_countries_come_back_padded(api):
    rows = {
        r["Code"]: r
        for r in api.rows(VAT, **{"$select": "Code,Percentage,Type,VATTransactionType"})
    }
    assert "21 " in rows and "ICP" in rows, sorted(rows)
    assert rows["21 "]["Percentage"] == 0.21 and rows["21 "]["Type"] == "E"
    assert rows["21I"]["Type"] == "I" and rows["21 "]["VATTransactionType"] == "S"
    one = api.rows(VAT, **{"$filter": "Code eq '21'", "$select": "Code"})
    assert [r["Code"] for r in one] == ["21 "], "a filter on the trimmed code still matches"
    countries = {
        r["Country"] for r in api.rows("crm/Accounts", **{"$select": "Country"}) if r["Country"]
    }
    assert countries and all(len(c) == 3 and c.endswith(" ") for c in countries), countries


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"IsBlocked": True}, "Ongeldig: Btw-code (geblokkeerd)"),
        ({"VATTransactionType": "P"}, "Ongeldig: Btw-code (inkoop)"),
    ],
)
def test_blocked_and_purchase_codes_are_refused_on_sales_lines(exact, api, fields, text):
    exact.patch_record(D1, VAT, seed_id(VAT, "21"), fields)
    bodies = documents(_customer(api))
    bodies[INVOICES]["SalesInvoiceLines"][0]["VATCode"] = "21"
    bodies[ENTRIES]["SalesEntryLines"][0]["VATCode"] = "21"
    for endpoint in (INVOICES, ENTRIES):
        answer = api.post(endpoint, bodies[endpoint])
        assert answer.status_code == 500, (endpoint, answer.text)
        assert error_message(answer) == text


@pytest.mark.parametrize("endpoint", [INVOICES, ENTRIES])
def test_a_balance_sheet_account_is_refused_on_sales_lines(api, endpoint):
    body = documents(_customer(api))[endpoint]
    lines = "SalesInvoiceLines" if endpoint == INVOICES else "SalesEntryLines"
    body[lines][0]["GLAccount"] = seed_id("financial/GLAccounts", "1300")  # debtors
    answer = api.post(endpoint, body)
    assert answer.status_code == 500, answer.text
    assert error_message(answer) == "Ongeldig: Grootboekrekeningtype"


def test_the_invoice_rule_is_an_option(exact, api, monkeypatch):
    monkeypatch.setattr(exact.config, "balance_sheet_gl_refused", ("entries",))  # UNCONFIRMED
    body = documents(_customer(api))[INVOICES]
    body["SalesInvoiceLines"][0]["GLAccount"] = seed_id("financial/GLAccounts", "1300")
    assert api.post(INVOICES, body).status_code == 201
