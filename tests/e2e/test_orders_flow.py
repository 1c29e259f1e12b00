"""Shop order -> signed event -> sidecar web -> RQ worker -> Exact emulator, for each document
type; the Exact documents' lines and totals are asserted, not just a 201."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.sync.links import Link
from tests.support.exact import DIVISION, oauth_dance
from tests.support.orders import (
    MAGENTO_FIXTURES,
    MAGENTO_SETTINGS,
    SETTINGS,
    magento_event,
    order_event,
    run_jobs,
    woo_fixture,
)
from tests.support.signing import SignedClient

DOCUMENTS = {
    "sales_order": ({"type": "sales_order"}, "salesorder/SalesOrders", "SalesOrderLines"),
    "sales_invoice": (
        {"type": "sales_invoice", "journal": "70"},
        "salesinvoice/SalesInvoices",
        "SalesInvoiceLines",
    ),
    "sales_entry": (
        {"type": "sales_entry", "journal": "70"},
        "salesentry/SalesEntries",
        "SalesEntryLines",
    ),
    "direct_invoice": (
        {"type": "direct_invoice", "journal": "70", "warehouse": "1"},
        "salesinvoice/SalesInvoices",
        "SalesInvoiceLines",
    ),
    "processed_invoice": (
        {"type": "sales_invoice", "journal": "70", "process": True},
        "salesinvoice/SalesInvoices",
        "SalesInvoiceLines",
    ),
}


def _lines(exact, endpoint: str, lines_endpoint: str, key: str, doc_id: str) -> list[dict]:
    return [r for r in exact.records(DIVISION, lines_endpoint) if r.get(key) == doc_id]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_fixture_order_becomes_one_document_equal_to_the_cent(
    shop_ready, exact_runtime, exact, document
) -> None:
    doc_settings, endpoint, lines_name = DOCUMENTS[document]
    saved = shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": doc_settings})
    assert saved.status_code == 200, saved.text
    order = woo_fixture("order-nl-two-rates-coupon-fee-refund.json")
    assert shop_ready.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    run_jobs(exact_runtime)

    with exact_runtime.db.session() as session:
        link = session.scalar(select(Link).where(Link.kind == "order"))
        lines_log = [a.message for a in session.scalars(select(Activity))]
    assert link.state == "posted", (link.last_error, lines_log)
    docs = exact.records(DIVISION, endpoint)
    assert len(docs) == 1
    doc = docs[0]
    key = {
        "salesorder/SalesOrders": "OrderID",
        "salesinvoice/SalesInvoices": "InvoiceID",
        "salesentry/SalesEntries": "EntryID",
    }[endpoint]
    assert doc[key] == link.exact_id
    assert doc["YourRef"] == "15"
    lines_endpoint = endpoint.rsplit("/", 1)[0] + "/" + lines_name
    lines = _lines(exact, endpoint, lines_endpoint, key, doc[key])
    vat_field = "VATAmount" if document == "sales_order" else "VATAmountFC"
    if document == "direct_invoice":
        assert doc["Type"] == 8023 and doc["Warehouse"]
    if document == "processed_invoice":
        assert doc["Status"] == 50, "processed through PrintedSalesInvoices"
        receivables = exact.records(DIVISION, "cashflow/Receivables")
        assert [Decimal(str(r["AmountDC"])) for r in receivables] == [Decimal("49.23")]
    amounts = sorted(
        (Decimal(str(line["AmountFC"])), Decimal(str(line[vat_field])), line["VATCode"].strip())
        for line in lines
    )
    assert amounts == sorted(
        [
            (Decimal("18.00"), Decimal("3.78"), "21"),
            (Decimal("18.58"), Decimal("1.67"), "9"),
            (Decimal("1.00"), Decimal("0.21"), "21"),
            (Decimal("4.95"), Decimal("1.04"), "21"),
        ]
    )
    total = sum(a + v for a, v, _ in amounts)
    assert total == Decimal(order["total"]) == Decimal("49.23")
    accounts = [
        a
        for a in exact.records(DIVISION, "crm/Accounts")
        if (a.get("Email") or "") == order["billing"]["email"].lower()
    ]
    assert len(accounts) == 1
    assert any("posted to Exact" in m for m in lines_log)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_redelivery_and_later_edits_never_post_twice(shop_ready, exact_runtime, exact) -> None:
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": {"type": "sales_order"}})
    order = woo_fixture("order-nl-two-rates-coupon-fee-refund.json")
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    assert (
        shop_ready.post("/api/v1/events", order_event(order, "e1")).json()["status"] == "duplicate"
    )
    # A note is not booked content (no warning: tests/e2e/test_posted_order_updates.py); a new
    # customer e-mail is.
    edited = dict(
        order, customer_note="bel even aan", billing={**order["billing"], "email": "x@y.nl"}
    )
    assert shop_ready.post("/api/v1/events", order_event(edited, "e2")).status_code == 202
    run_jobs(exact_runtime)
    assert len(exact.records(DIVISION, "salesorder/SalesOrders")) == 1
    with exact_runtime.db.session() as session:
        warnings = [
            a.message for a in session.scalars(select(Activity).where(Activity.level == "warning"))
        ]
    assert any("after it was posted" in w for w in warnings)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_status_outside_triggers_waits_and_missing_mapping_names_the_setting(
    shop_ready, exact_runtime, exact
) -> None:
    settings = {
        **SETTINGS,
        "document": {"type": "sales_order"},
        "vat": {**SETTINGS["vat"], "rates": [{"shop_rate": "1", "exact": "21"}]},
    }
    shop_ready.put("/api/v1/shop/settings", settings)
    order = woo_fixture("order-nl-two-rates-coupon-fee-refund.json")
    pending = dict(order, status="on-hold")
    shop_ready.post("/api/v1/events", order_event(pending, "e0"))
    run_jobs(exact_runtime)
    assert exact.records(DIVISION, "salesorder/SalesOrders") == []
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    with exact_runtime.db.session() as session:
        link = session.scalar(select(Link).where(Link.kind == "order"))
        error = session.scalar(select(Activity).where(Activity.level == "error"))
    assert link.state == "failed" and link.failed_setting == "vat.rates"
    assert "BTW laag" in error.message and "Settings > VAT" in error.resolution
    assert exact.records(DIVISION, "salesorder/SalesOrders") == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_fixing_the_setting_requeues_and_the_order_state_is_visible(
    shop_ready, exact_runtime, exact
) -> None:
    partial = {
        **SETTINGS,
        "document": {"type": "sales_invoice", "journal": "70"},
        "vat": {**SETTINGS["vat"], "rates": [{"shop_rate": "1", "exact": "21"}]},
    }
    shop_ready.put("/api/v1/shop/settings", partial)
    order = woo_fixture("order-nl-two-rates-coupon-fee-refund.json")
    assert shop_ready.get("/api/v1/shop/orders/15").status_code == 404
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    queued = shop_ready.get("/api/v1/shop/orders/15").json()
    assert queued["state"] == "pending" and queued["queued"] is True
    run_jobs(exact_runtime)
    failed = shop_ready.get("/api/v1/shop/orders/15").json()
    assert failed["state"] == "failed"
    assert failed["error"]["setting"] == "vat.rates"
    assert "Settings > VAT" in failed["resolution"]
    assert shop_ready.get("/api/v1/shop").json()["queue"]["failed"] == 1

    fixed = shop_ready.put("/api/v1/shop/settings", SETTINGS | {"document": partial["document"]})
    assert fixed.status_code == 200
    run_jobs(exact_runtime)
    posted = shop_ready.get("/api/v1/shop/orders/15").json()
    assert posted["state"] == "posted", posted
    assert posted["document_type"] == "sales_invoice" and posted["exact_id"]
    # not processed: Exact numbers the invoice only when it is (the emulator's default)
    assert posted["document_number"] is None
    assert any("posted to Exact" in h["message"] for h in posted["history"])
    assert len(exact.records(DIVISION, "salesinvoice/SalesInvoices")) == 1
    again = shop_ready.post("/api/v1/shop/orders/15/retry")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_posted"
    assert shop_ready.post("/api/v1/shop/orders/999/retry").status_code == 404


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_retry_button_runs_a_failed_order_again(shop_ready, exact_runtime, exact) -> None:
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": {"type": "sales_order"}})
    order = woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json")
    exact_items = {i["Code"]: i for i in exact.records(DIVISION, "logistics/Items")}
    assert "MUG-001" in exact_items
    exact.inject_fault(
        "status",
        "/api/v1/*/salesorder/SalesOrders",
        method="POST",
        status=400,
        count=1,
        message="Tijdelijk geblokkeerd",
    )
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    assert shop_ready.get(f"/api/v1/shop/orders/{order['id']}").json()["state"] == "failed"
    assert shop_ready.post(f"/api/v1/shop/orders/{order['id']}/retry").status_code == 202
    run_jobs(exact_runtime)
    state = shop_ready.get(f"/api/v1/shop/orders/{order['id']}").json()
    assert state["state"] == "posted", state
    docs = exact.records(DIVISION, "salesorder/SalesOrders")
    assert len(docs) == 1 and docs[0]["YourRef"] == str(order["number"])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_failed_orders_are_listed_and_retried_in_bulk(shop_ready, exact_runtime, exact) -> None:
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": {"type": "sales_order"}})
    first = woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json")
    second = woo_fixture("order-31-nl-prices-excl-vat-fixed-coupon-fee.json")
    exact.inject_fault(
        "status",
        "/api/v1/*/salesorder/SalesOrders",
        method="POST",
        status=400,
        count=2,
        message="Tijdelijk geblokkeerd",
    )
    shop_ready.post("/api/v1/events", order_event(first, "e1"))
    shop_ready.post("/api/v1/events", order_event(second, "e2"))
    run_jobs(exact_runtime)
    listed = shop_ready.get("/api/v1/shop/orders?state=failed&limit=1").json()
    assert listed["total"] == 2 and len(listed["items"]) == 1 and listed["next"]
    rest = shop_ready.get(f"/api/v1/shop/orders?limit=1&before={listed['next']}").json()
    failed = listed["items"] + rest["items"]
    assert {i["entity_id"] for i in failed} == {str(first["id"]), str(second["id"])}
    assert all("Tijdelijk geblokkeerd" in i["error"] for i in failed), failed
    assert rest["next"] is None

    chosen = shop_ready.post("/api/v1/shop/orders/retry", {"entity_ids": [str(first["id"]), "999"]})
    assert chosen.status_code == 202
    assert chosen.json() == {"queued": [str(first["id"])], "already_posted": [], "unknown": ["999"]}
    run_jobs(exact_runtime)
    assert shop_ready.get(f"/api/v1/shop/orders/{first['id']}").json()["state"] == "posted"
    assert shop_ready.get("/api/v1/shop/orders").json()["total"] == 1

    every = shop_ready.post("/api/v1/shop/orders/retry", {"failed": True})
    assert every.json()["queued"] == [str(second["id"])]
    run_jobs(exact_runtime)
    assert shop_ready.get("/api/v1/shop/orders").json() == {"items": [], "next": None, "total": 0}
    again = shop_ready.post("/api/v1/shop/orders/retry", {"entity_ids": [str(first["id"])]})
    assert again.json()["already_posted"] == [str(first["id"])]
    assert len(exact.records(DIVISION, "salesorder/SalesOrders")) == 2
    for bad in ({}, {"entity_ids": []}, {"failed": False}, {"entity_ids": ["1"], "failed": True}):
        refused = shop_ready.post("/api/v1/shop/orders/retry", bad)
        assert refused.status_code == 400, (bad, refused.text)


VAT_SITUATIONS = {
    # fixture: (expected VAT codes on the lines, revenue G/L code)
    "order-01-nl-mixed-vat-flatrate-percent-coupon.json": ({"21", "9"}, "8000"),
    "order-06-de-b2b-reverse-charge.json": ({"ICP"}, "8030"),
    "order-12-nl-partial-refund-line-and-shipping.json": ({"21", "9"}, "8000"),
    "order-30-fr-oss-guest-negative-fee.json": ({"OFR", "OFR5"}, "8040"),
    "order-31-nl-prices-excl-vat-fixed-coupon-fee.json": ({"21", "9"}, "8000"),
    "order-nl-two-rates-coupon-fee-refund.json": ({"21", "9"}, "8000"),
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("fixture", sorted(VAT_SITUATIONS))
def test_every_woocommerce_fixture_books_to_the_cent_with_its_vat(
    shop_ready, exact_runtime, exact, fixture
) -> None:
    exact.insert_record(
        DIVISION,
        "vat/VATCodes",
        {
            "Code": "OFR5",
            "Description": "OSS Frankrijk 5,5%",
            "Percentage": 0.055,
            "Type": "E",
            "VATTransactionType": "S",
        },
    )
    settings = {
        **SETTINGS,
        "document": {"type": "sales_invoice", "journal": "70"},
        "vat": {
            **SETTINGS["vat"],
            "rates": [
                {"shop_rate": "1", "exact": "21"},
                {"shop_rate": "2", "exact": "9"},
                {"country": "FR", "percent": "20", "exact": "OFR"},
                {"country": "FR", "percent": "5.5", "exact": "OFR5"},
            ],
        },
        "revenue": {**SETTINGS["revenue"], "countries": [{"country": "FR", "gl_account": "8040"}]},
        "payment": {"methods": []},
    }
    assert shop_ready.put("/api/v1/shop/settings", settings).status_code == 200
    order = woo_fixture(fixture)
    assert shop_ready.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    run_jobs(exact_runtime)
    state = shop_ready.get(f"/api/v1/shop/orders/{order['id']}").json()
    assert state["state"] == "posted", state
    [doc] = exact.records(DIVISION, "salesinvoice/SalesInvoices")
    lines = [
        r
        for r in exact.records(DIVISION, "salesinvoice/SalesInvoiceLines")
        if r["InvoiceID"] == doc["InvoiceID"]
    ]
    total = sum(Decimal(str(r["AmountFC"])) + Decimal(str(r["VATAmountFC"])) for r in lines)
    assert total == Decimal(order["total"]), "equal to the shop's total, to the cent"
    codes, revenue = VAT_SITUATIONS[fixture]
    assert {r["VATCode"].strip() for r in lines} == codes
    gl = {g["ID"]: g["Code"].strip() for g in exact.records(DIVISION, "financial/GLAccounts")}
    assert {gl[r["GLAccount"]] for r in lines} == {revenue}
    billing = order["billing"]
    [account] = [
        a
        for a in exact.records(DIVISION, "crm/Accounts")
        if (a.get("Email") or "") == billing["email"].lower()
    ]
    if billing.get("company"):
        assert account["Name"] == billing["company"]
        contacts = [
            c for c in exact.records(DIVISION, "crm/Contacts") if c.get("Account") == account["ID"]
        ]
        assert [c["LastName"] for c in contacts] == [billing["last_name"]]
    else:
        assert account["Name"] == f"{billing['first_name']} {billing['last_name']}"
    if fixture.startswith("order-06"):
        assert account["VATNumber"] == "DE123456789"


def _export_variant() -> dict:
    """Fixture 06 (untaxed) sent to Switzerland by a consumer: an export outside the EU."""
    order = woo_fixture("order-06-de-b2b-reverse-charge.json")
    for part in ("billing", "shipping"):
        order[part] = dict(order[part], country="CH", company="", city="Zürich")
    order["meta_data"] = [m for m in order.get("meta_data", []) if "vat" not in m["key"].lower()]
    return order


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_export_outside_the_eu_uses_the_export_code(shop_ready, exact_runtime, exact) -> None:
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": {"type": "sales_order"}})
    order = _export_variant()
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    [doc] = exact.records(DIVISION, "salesorder/SalesOrders")
    lines = [
        r
        for r in exact.records(DIVISION, "salesorder/SalesOrderLines")
        if r["OrderID"] == doc["OrderID"]
    ]
    assert {r["VATCode"].strip() for r in lines} == {"EXP"}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_known_customer_costs_no_search_and_default_debtor_books_everything_on_one_account(
    shop_ready, exact_runtime, exact
) -> None:
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": {"type": "sales_order"}})
    first = woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json")
    second = dict(first, id=first["id"] + 1000, number=str(first["id"] + 1000))
    shop_ready.post("/api/v1/events", order_event(first, "e1"))
    run_jobs(exact_runtime)
    searches = exact.count_calls("GET", "crm/Accounts")
    shop_ready.post("/api/v1/events", order_event(second, "e2"))
    run_jobs(exact_runtime)
    assert exact.count_calls("GET", "crm/Accounts") == searches, "found through its link"
    docs = exact.records(DIVISION, "salesorder/SalesOrders")
    assert len(docs) == 2 and docs[0]["OrderedBy"] == docs[1]["OrderedBy"]

    debtor = exact.insert_record(
        DIVISION, "crm/Accounts", {"Name": "Webshop kassa", "Code": "999".rjust(18), "Status": "C"}
    )
    shop_ready.put(
        "/api/v1/shop/settings",
        {
            **SETTINGS,
            "document": {"type": "sales_order"},
            "customers": {"mode": "default_debtor", "default_debtor": "999"},
        },
    )
    third = dict(first, id=first["id"] + 2000, number=str(first["id"] + 2000))
    shop_ready.post("/api/v1/events", order_event(third, "e3"))
    run_jobs(exact_runtime)
    booked = [
        d
        for d in exact.records(DIVISION, "salesorder/SalesOrders")
        if d["YourRef"] == third["number"]
    ]
    assert [d["OrderedBy"] for d in booked] == [debtor["ID"]]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("policy", ["fail", "fallback_item", "create_item"])
def test_missing_sku_policies(shop_ready, exact_runtime, exact, policy) -> None:
    items = {"missing_sku": policy, "no_sku_item": "INSTALL"}
    if policy == "fallback_item":
        items["fallback_item"] = "MUG"
    shop_ready.put(
        "/api/v1/shop/settings", {**SETTINGS, "document": {"type": "sales_order"}, "items": items}
    )
    order = woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json")
    order["line_items"][0] = dict(order["line_items"][0], sku="NEW-SKU-1")
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    state = shop_ready.get(f"/api/v1/shop/orders/{order['id']}").json()
    codes = {i["ID"]: i["Code"] for i in exact.records(DIVISION, "logistics/Items")}
    if policy == "fail":
        assert state["state"] == "failed" and "NEW-SKU-1" in state["error"]["message"]
        assert state["error"]["setting"] == "items.missing_sku"
        return
    assert state["state"] == "posted", state
    [doc] = exact.records(DIVISION, "salesorder/SalesOrders")
    used = {
        codes[r["Item"]]
        for r in exact.records(DIVISION, "salesorder/SalesOrderLines")
        if r["OrderID"] == doc["OrderID"]
    }
    expected = "MUG" if policy == "fallback_item" else "NEW-SKU-1"
    assert expected in used
    assert ("NEW-SKU-1" in codes.values()) == (policy == "create_item")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("fixture", "codes"),
    [
        ("order-nl-configurable.json", {"21"}),
        ("order-be-bundle-guest-oss.json", {"OBE", "OBE6"}),
    ],
)
def test_every_magento_fixture_books_to_the_cent(
    runtime, exact_runtime, exact, live, fixture, codes
) -> None:
    from sidecar.shops.service import add_shop

    with exact_runtime.db.session() as session:
        shop = add_shop(session, exact_runtime.box, "magento", "https://shop.example.nl", "Mage")
    client = SignedClient(live, shop.id, shop.secret)
    oauth_dance(client, live, division=DIVISION)
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [
            {"Code": c, "Description": c, "IsSalesItem": True}
            for c in ("TSHIRT-BLK-M", "HOODIE-GRY-L", "MUG-001", "BEAN-1KG", "TOWEL-2495")
        ],
    )
    exact.insert_record(
        DIVISION,
        "vat/VATCodes",
        {
            "Code": "OBE6",
            "Description": "OSS Belgie 6%",
            "Percentage": 0.06,
            "Type": "E",
            "VATTransactionType": "S",
        },
    )
    settings = MAGENTO_SETTINGS
    assert client.put("/api/v1/shop/settings", settings).status_code == 200
    order = json.loads((MAGENTO_FIXTURES / fixture).read_text())
    event = magento_event(order)
    assert client.post("/api/v1/events", event).status_code == 202
    run_jobs(exact_runtime)
    state = client.get(f"/api/v1/shop/orders/{order['entity_id']}").json()
    assert state["state"] == "posted", state
    [doc] = exact.records(DIVISION, "salesinvoice/SalesInvoices")
    assert doc["YourRef"] == order["increment_id"]
    lines = [
        r
        for r in exact.records(DIVISION, "salesinvoice/SalesInvoiceLines")
        if r["InvoiceID"] == doc["InvoiceID"]
    ]
    total = sum(Decimal(str(r["AmountFC"])) + Decimal(str(r["VATAmountFC"])) for r in lines)
    assert total == Decimal(str(order["grand_total"]))
    assert {r["VATCode"].strip() for r in lines} == codes
