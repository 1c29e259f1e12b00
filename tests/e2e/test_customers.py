"""Customers into Exact: new-account defaults (classification, VAT code, payment condition and
revenue account per country), keeping existing accounts up to date, the customer.updated flow
for both platforms, and cost centre/unit on document lines.

The customer JSON (tests/support/customers.py) is constructed from the platforms' documented REST
shapes (WooCommerce ``GET /wc/v3/customers/<id>``, Magento ``GET /V1/customers/{id}``), with
invented Dutch and Belgian values."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.emulators.exact.seed import seed_id
from sidecar.sync.links import Link
from tests.support.customers import MAGENTO_CUSTOMER, WOO_CUSTOMER
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _customer_event(data: dict, event_id: str) -> dict:
    return {
        "id": event_id,
        "type": "customer.updated",
        "occurred_at": "2026-11-21T12:00:00Z",
        "entity_id": str(data["id"]),
        "data": data,
    }


def _account(exact, email: str) -> dict:
    rows = [a for a in exact.records(DIVISION, "crm/Accounts") if a.get("Email") == email]
    assert len(rows) == 1, rows
    return rows[0]


NEW_ACCOUNT = {
    "classification": "WEB",
    "payment_condition": "14",
    "countries": [
        {"country": "BE", "vat_code": "OBE", "payment_condition": "30", "gl_account": "8030"}
    ],
}


def test_new_accounts_get_classification_and_the_defaults_of_their_country(
    shop_ready_drained, exact_runtime, exact
) -> None:
    settings = {**SETTINGS, "customers": {"new_account": NEW_ACCOUNT}}
    assert shop_ready_drained.put("/api/v1/shop/settings", settings).status_code == 200
    nl = woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json")
    be = copy.deepcopy(nl)
    be["id"], be["number"] = 501, "501"
    be["billing"].update(email="klant@voorbeeld.be", country="BE", company="")
    for event in (order_event(nl, "nl-1"), order_event(be, "be-1")):
        assert shop_ready_drained.post("/api/v1/events", event).status_code == 202
    run_jobs(exact_runtime)

    web = seed_id(DIVISION, "crm/AccountClassifications", "WEB")
    gl_8030 = seed_id(DIVISION, "financial/GLAccounts", "8030")
    nl_account = _account(exact, nl["billing"]["email"].lower())
    assert nl_account["Classification2"] == web
    assert nl_account["PaymentConditionSales"] == "14"
    assert not nl_account.get("SalesVATCode") and not nl_account.get("GLAccountSales")
    be_account = _account(exact, "klant@voorbeeld.be")
    assert be_account["Classification2"] == web
    assert (be_account["SalesVATCode"], be_account["PaymentConditionSales"]) == ("OBE", "30")
    assert be_account["GLAccountSales"] == gl_8030


def _order_with(base: dict, order_id: int, **billing) -> dict:
    order = copy.deepcopy(base)
    order["id"], order["number"] = order_id, str(order_id)
    order["billing"].update(billing)
    return order


@pytest.mark.parametrize("update_existing", [False, True])
def test_existing_accounts_follow_the_shop_only_when_asked_and_only_when_changed(
    shop_ready_drained, exact_runtime, exact, update_existing
) -> None:
    settings = {**SETTINGS, "customers": {"update_existing": update_existing}}
    assert shop_ready_drained.put("/api/v1/shop/settings", settings).status_code == 200
    base = woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json")
    email = base["billing"]["email"].lower()
    assert shop_ready_drained.post("/api/v1/events", order_event(base, "o1")).status_code == 202
    run_jobs(exact_runtime)
    first = _account(exact, email)

    moved = _order_with(base, 601, address_1="Nieuwe Gracht 7", city="Utrecht", postcode="3512 AB")
    mark = len(exact.request_log())
    assert shop_ready_drained.post("/api/v1/events", order_event(moved, "o2")).status_code == 202
    run_jobs(exact_runtime)
    puts = [e for e in exact.request_log(since=mark) if e["method"] == "PUT"]
    after = _account(exact, email)
    if update_existing:
        assert len(puts) == 1 and puts[0]["endpoint"] == "crm/Accounts"
        assert (after["AddressLine1"], after["City"]) == ("Nieuwe Gracht 7", "Utrecht")
    else:
        assert puts == []
        assert (after["AddressLine1"], after["City"]) == (first["AddressLine1"], first["City"])

    again = _order_with(base, 602, address_1="Nieuwe Gracht 7", city="Utrecht", postcode="3512 AB")
    mark = len(exact.request_log())
    assert shop_ready_drained.post("/api/v1/events", order_event(again, "o3")).status_code == 202
    run_jobs(exact_runtime)
    posts = [e["endpoint"] for e in exact.request_log(since=mark) if e["method"] == "POST"]
    assert _crm_calls(exact, mark) == [] and posts == ["salesorder/SalesOrders"], (
        "a known customer whose data did not change costs the document only"
    )
    assert len([a for a in exact.records(DIVISION, "crm/Accounts") if a.get("Email") == email]) == 1


def _crm_calls(exact, since: int) -> list[dict]:
    """Account and contact calls only: other flows (a webhook subscription, the status poll)
    may call Exact during the same worker run."""
    return [e for e in exact.request_log(since=since) if e["endpoint"].startswith("crm/")]


def _sync_on(client, **customers) -> None:
    settings = {**SETTINGS, "customer_sync": True, "customers": customers}
    assert client.put("/api/v1/shop/settings", settings).status_code == 200


def test_woocommerce_customer_event_creates_company_with_contact_then_updates_it(
    shop_ready_drained, exact_runtime, exact
) -> None:
    _sync_on(shop_ready_drained, new_account=NEW_ACCOUNT)
    assert (
        shop_ready_drained.post("/api/v1/events", _customer_event(WOO_CUSTOMER, "c1")).status_code
        == 202
    )
    run_jobs(exact_runtime)
    account = _account(exact, "inkoop@brouwerijdekroon.be")
    assert account["Name"] == "Brouwerij De Kroon BV"
    assert account["VATNumber"] == "BE0123456789"
    assert (account["City"], account["Country"], account["SalesVATCode"]) == ("Gent", "BE", "OBE")
    contacts = [c for c in exact.records(DIVISION, "crm/Contacts") if c["Account"] == account["ID"]]
    assert [(c["FirstName"], c["LastName"]) for c in contacts] == [("Els", "Maes")]

    moved = copy.deepcopy(WOO_CUSTOMER)
    moved["billing"].update(address_1="Veldstraat 3", city="Antwerpen", postcode="2000")
    mark = len(exact.request_log())
    assert (
        shop_ready_drained.post("/api/v1/events", _customer_event(moved, "c2")).status_code == 202
    )
    run_jobs(exact_runtime)
    assert [e["method"] for e in _crm_calls(exact, mark)] == ["PUT"]
    account = _account(exact, "inkoop@brouwerijdekroon.be")
    assert (account["AddressLine1"], account["City"]) == ("Veldstraat 3", "Antwerpen")
    assert account["SalesVATCode"] == "OBE", "updates leave the bookkeeper's defaults alone"

    mark = len(exact.request_log())
    assert (
        shop_ready_drained.post("/api/v1/events", _customer_event(moved, "c3")).status_code == 202
    )
    run_jobs(exact_runtime)
    assert _crm_calls(exact, mark) == [], "an unchanged customer costs no call"

    # An order of the same customer finds the account through the link: no search, no create.
    order = _order_with(
        woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json"),
        700,
        email="inkoop@brouwerijdekroon.be",
        company="Brouwerij De Kroon BV",
        address_1="Veldstraat 3",
        city="Antwerpen",
        postcode="2000",
        country="BE",
    )
    mark = len(exact.request_log())
    assert shop_ready_drained.post("/api/v1/events", order_event(order, "o700")).status_code == 202
    run_jobs(exact_runtime)
    assert not [e for e in exact.request_log(since=mark) if e["endpoint"] == "crm/Accounts"]
    with exact_runtime.db.session() as session:
        messages = [a.message for a in session.scalars(select(Activity))]
    assert any("Customer 77" in m and "created Exact account" in m for m in messages)
    assert any("Customer 77" in m and "updated Exact account" in m for m in messages)


def test_customer_events_are_stored_only_while_customer_sync_is_off(
    shop_ready_drained, exact_runtime, exact
) -> None:
    mark = len(exact.request_log())
    assert (
        shop_ready_drained.post("/api/v1/events", _customer_event(WOO_CUSTOMER, "c1")).status_code
        == 202
    )
    run_jobs(exact_runtime)
    assert _crm_calls(exact, mark) == []
    with exact_runtime.db.session() as session:
        assert session.scalars(select(Link).where(Link.kind == "customer")).all() == []


def test_magento_customer_event_creates_a_person_account_from_the_default_billing_address(
    runtime, exact_runtime, exact, live
) -> None:
    from sidecar.shops.service import add_shop
    from tests.support.exact import oauth_dance
    from tests.support.signing import SignedClient

    with exact_runtime.db.session() as session:
        shop = add_shop(session, exact_runtime.box, "magento", "https://shop.example.nl", "Mage")
    client = SignedClient(live, shop.id, shop.secret)
    oauth_dance(client, live, division=DIVISION)
    settings = {
        **SETTINGS,
        "trigger_statuses": ["processing", "complete"],
        "customer_sync": True,
    }
    assert client.put("/api/v1/shop/settings", settings).status_code == 200
    assert client.post("/api/v1/events", _customer_event(MAGENTO_CUSTOMER, "m1")).status_code == 202
    run_jobs(exact_runtime)
    account = _account(exact, "j.devries@example.nl")
    assert account["Name"] == "Jan de Vries"
    assert (account["AddressLine1"], account["Postcode"], account["City"]) == (
        "Keizersgracht 123 A",
        "1015 CJ",
        "Amsterdam",
    )
    assert not account.get("VATNumber")
    assert [
        c for c in exact.records(DIVISION, "crm/Contacts") if c["Account"] == account["ID"]
    ] == []


def test_cost_centre_and_unit_by_default_and_by_rule_reach_every_line(
    shop_ready_drained, exact_runtime, exact
) -> None:
    settings = {
        **SETTINGS,
        "document": {"type": "sales_invoice", "journal": "70"},
        "dimensions": {
            "cost_center": "WEB",
            "cost_unit": "NL",
            "rules": [{"when": "country", "value": "BE", "cost_center": "RET", "cost_unit": "BE"}],
        },
    }
    assert shop_ready_drained.put("/api/v1/shop/settings", settings).status_code == 200
    nl = woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json")
    be = _order_with(nl, 801, email="klant@voorbeeld.be", country="BE", company="")
    be["shipping"]["country"] = "BE"
    for event in (order_event(nl, "nl"), order_event(be, "be")):
        assert shop_ready_drained.post("/api/v1/events", event).status_code == 202
    run_jobs(exact_runtime)
    invoices = {i["YourRef"]: i for i in exact.records(DIVISION, "salesinvoice/SalesInvoices")}
    assert set(invoices) == {str(nl["number"]), "801"}
    lines = exact.records(DIVISION, "salesinvoice/SalesInvoiceLines")
    for ref, dims in ((str(nl["number"]), ("WEB", "NL")), ("801", ("RET", "BE"))):
        own = [ln for ln in lines if ln["InvoiceID"] == invoices[ref]["InvoiceID"]]
        assert own and {(ln.get("CostCenter"), ln.get("CostUnit")) for ln in own} == {dims}
