"""Strict writes: every rejection rule, plus the success shapes (201 + record, 204, 204)."""

from __future__ import annotations

import pytest

from sidecar.emulators.exact.captions import caption
from tests.support.exact_emulator import D1, account_id, error_message, item_id

MISSING = "00000000-0000-4000-8000-000000000000"


def order(**header) -> dict:
    body = {
        "OrderedBy": account_id("1"),
        "SalesOrderLines": [{"Item": item_id("MUG"), "Quantity": 2}],
    }
    body.update(header)
    return body


def test_create_returns_201_with_the_record(api):
    response = api.post("crm/Accounts", {"Name": "Nieuwe Klant BV", "City": "Delft"})
    assert response.status_code == 201, response.text
    d = response.json()["d"]
    assert d["Name"] == "Nieuwe Klant BV" and d["City"] == "Delft"
    assert d["Code"] == "                 4"  # highest code + 1, padded to 18
    assert response.headers["Location"] == d["__metadata"]["uri"]
    stored = api.one(f"crm/Accounts(guid'{d['ID']}')")
    assert stored["Name"] == "Nieuwe Klant BV"


def test_create_without_prefer_returns_null_properties(api):
    response = api.session.post(
        api.url("crm/Accounts"),
        json={"Name": "Zonder Prefer"},
        headers={"Prefer": ""},
        timeout=5,
    )
    assert response.status_code == 201
    d = response.json()["d"]
    assert d["ID"] and d["Name"] is None and d["Code"] is None


def test_put_and_delete_answer_204_with_empty_body(api):
    key = api.post("crm/Accounts", {"Name": "Tijdelijk"}).json()["d"]["ID"]
    put = api.put(f"crm/Accounts(guid'{key}')", {"City": "Leiden"})
    assert put.status_code == 204 and put.content == b""
    assert api.one(f"crm/Accounts(guid'{key}')")["City"] == "Leiden"
    deleted = api.delete(f"crm/Accounts(guid'{key}')")
    assert deleted.status_code == 204 and deleted.content == b""
    assert api.get(f"crm/Accounts(guid'{key}')").status_code == 404


def test_unknown_property_is_400(api):
    response = api.post("crm/Accounts", {"Name": "X", "Naam": "typo"})
    assert response.status_code == 400
    assert "'Naam' does not exist" in error_message(response)


def test_unknown_property_on_a_line_is_400(api):
    body = order(SalesOrderLines=[{"Item": item_id("MUG"), "Qty": 1}])
    response = api.post("salesorder/SalesOrders", body)
    assert response.status_code == 400
    assert "'Qty'" in error_message(response)


@pytest.mark.parametrize(
    ("path", "body", "prop"),
    [
        ("crm/Accounts", {"Name": "X", "IsSales": True}, "IsSales"),  # ro in the reference
        ("crm/Accounts", {"Name": "X", "Created": "2024-01-01T00:00:00"}, "Created"),
        ("salesorder/SalesOrders", order(Status=20), "Status"),
        ("salesorder/SalesOrders", order(AmountFC=10), "AmountFC"),
        (
            "salesinvoice/SalesInvoices",
            {
                "Journal": "70",
                "OrderedBy": account_id("1"),
                "InvoiceDate": "2024-01-01",
                "SalesInvoiceLines": [{"Item": item_id("MUG")}],
            },
            "InvoiceDate",
        ),
        ("crm/Accounts", {"Name": "X", "CustomField": "y"}, "CustomField"),  # write flag unknown
    ],
)
def test_property_not_settable_on_post_is_400(api, path, body, prop):
    response = api.post(path, body)
    assert response.status_code == 400
    assert f"'{prop}'" in error_message(response)


def test_property_not_settable_on_put_is_400(api):
    created = api.post("salesorder/SalesOrders", order()).json()["d"]
    response = api.put(
        f"salesorder/SalesOrders(guid'{created['OrderID']}')", {"OrderedBy": account_id("2")}
    )
    assert response.status_code == 400
    assert "'OrderedBy'" in error_message(response)


@pytest.mark.parametrize(
    ("path", "body", "prop"),
    [
        ("crm/Accounts", {"City": "Delft"}, "Name"),
        ("crm/Contacts", {"Account": account_id("1"), "FirstName": "Jan"}, "LastName"),
        ("logistics/Items", {"Code": "NEW"}, "Description"),
        ("salesorder/SalesOrders", {"OrderedBy": account_id("1")}, "SalesOrderLines"),
        ("salesorder/SalesOrders", order(SalesOrderLines=[]), "SalesOrderLines"),
        ("salesorder/SalesOrders", order(SalesOrderLines=[{"Quantity": 1}]), "Item"),
        (
            "salesinvoice/SalesInvoices",
            {"OrderedBy": account_id("1"), "SalesInvoiceLines": [{"Item": item_id("MUG")}]},
            "Journal",
        ),
        (
            "salesentry/SalesEntries",
            {"Journal": "70", "Customer": account_id("1"), "SalesEntryLines": [{"AmountFC": 10}]},
            "GLAccount",
        ),
        ("webhooks/WebhookSubscriptions", {"Topic": "Accounts"}, "CallbackURL"),
    ],
)
def test_missing_mandatory_property_is_refused_with_500(api, path, body, prop):
    response = api.post(path, body)
    assert response.status_code == 500
    assert f"Verplicht: {caption(prop)}" in error_message(response)


def test_several_refusals_come_in_one_answer_joined_by_crlf(api):
    # Exact names every problem at once, in Dutch (picqer #10, #249).
    missing = api.post(
        "salesinvoice/SalesInvoices", {"SalesInvoiceLines": [{"Item": item_id("MUG")}]}
    )
    assert missing.status_code == 500
    assert set(error_message(missing).split("\r\n")) == {
        "Verplicht: Besteld door",
        "Verplicht: Dagboek",
    }
    unknown = "00000000-0000-0000-0000-00000000abcd"
    wrong = api.post(
        "salesinvoice/SalesInvoices",
        {
            "Journal": "70",
            "OrderedBy": unknown,
            "DeliverTo": unknown,
            "SalesInvoiceLines": [{"Item": item_id("MUG")}],
        },
    )
    assert wrong.status_code == 500
    assert set(error_message(wrong).split("\r\n")) == {
        "Ongeldige referentie: Besteld door",
        "Ongeldige referentie: Leveren aan",
    }


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        ({"Name": 12}, "Name"),
        ({"Name": "X", "Blocked": "false"}, "Blocked"),
        ({"Name": "X", "InvoicingMethod": "2"}, "InvoicingMethod"),
        ({"Name": "X", "InvoicingMethod": 2.5}, "InvoicingMethod"),
        ({"Name": "X", "DiscountSales": "0.1"}, "DiscountSales"),
        ({"Name": "X", "ShippingMethod": "not-a-guid"}, "ShippingMethod"),
        ({"Name": "X", "StartDate": "01-02-2024"}, "StartDate"),
        ({"Name": "X", "IncotermVersionSales": 70000}, "IncotermVersionSales"),  # Int16 range
    ],
)
def test_wrong_type_is_400(api, body, prop):
    response = api.post("crm/Accounts", body)
    assert response.status_code == 400
    assert f"'{prop}'" in error_message(response)


def test_iso_and_ms_dates_are_accepted_and_returned_as_ms(api):
    created = api.post("crm/Accounts", {"Name": "D", "StartDate": "2024-02-17T19:29:53"})
    assert created.status_code == 201
    assert created.json()["d"]["StartDate"] == "/Date(1708198193000)/"
    again = api.post("crm/Accounts", {"Name": "E", "StartDate": "/Date(1708198193000)/"})
    assert again.json()["d"]["StartDate"] == "/Date(1708198193000)/"


@pytest.mark.parametrize(
    ("path", "body", "prop"),
    [
        ("crm/Contacts", {"Account": MISSING, "FirstName": "A", "LastName": "B"}, "Account"),
        ("salesorder/SalesOrders", order(OrderedBy=MISSING), "OrderedBy"),
        ("salesorder/SalesOrders", order(SalesOrderLines=[{"Item": MISSING}]), "Item"),
        ("salesorder/SalesOrders", order(ShippingMethod=MISSING), "ShippingMethod"),
        ("salesorder/SalesOrders", order(PaymentCondition="99"), "PaymentCondition"),
        (
            "salesorder/SalesOrders",
            order(SalesOrderLines=[{"Item": item_id("MUG"), "VATCode": "77"}]),
            "VATCode",
        ),
        (
            "salesorder/SalesOrders",
            order(SalesOrderLines=[{"Item": item_id("MUG"), "CostCenter": "NOPE"}]),
            "CostCenter",
        ),
        (
            "salesinvoice/SalesInvoices",
            {
                "Journal": "99",
                "OrderedBy": account_id("1"),
                "SalesInvoiceLines": [{"Item": item_id("MUG")}],
            },
            "Journal",
        ),
        ("salesinvoice/PrintedSalesInvoices", {"InvoiceID": MISSING}, "InvoiceID"),
    ],
)
def test_reference_to_missing_guid_or_code_is_refused_with_500(api, path, body, prop):
    response = api.post(path, body)
    assert response.status_code == 500
    assert error_message(response) == f"Ongeldige referentie: {caption(prop)}"


def test_malformed_bodies_are_400(api):
    not_json = api.session.post(
        api.url("crm/Accounts"), data="{", headers={"Content-Type": "application/json"}, timeout=5
    )
    assert not_json.status_code == 400
    assert api.post("crm/Accounts", ["Name"]).status_code == 400
    lines_not_list = order(SalesOrderLines={"Item": item_id("MUG")})
    assert api.post("salesorder/SalesOrders", lines_not_list).status_code == 400


def test_methods_outside_the_reference_are_refused(api):
    assert api.post("logistics/ItemGroups", {"Code": "X"}).status_code == 405
    assert api.post("sync/CRM/Accounts", {}).status_code == 405
    assert api.get("salesinvoice/PrintedSalesInvoices").status_code == 405
    assert api.get("nothing/Here").status_code == 404


def test_duplicate_codes_are_refused(api):
    response = api.post("logistics/Items", {"Code": "MUG", "Description": "Tweede mok"})
    assert response.status_code == 500
    assert error_message(response) == "Gegeven bestaat reeds."


def test_blocked_accounts_cannot_order(exact, api):
    exact.patch_record(D1, "crm/Accounts", account_id("1"), {"Blocked": True})
    response = api.post("salesorder/SalesOrders", order())
    assert response.status_code == 500
    assert error_message(response) == "Ongeldig: Besteld door (geblokkeerd)"
