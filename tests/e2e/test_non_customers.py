"""An order whose customer is in Exact, but not as a customer (a prospect, a suspect, "none").

Exact books documents only on accounts with customer status: an invoice to a prospect is
refused with ``500 Ongeldig: Factuur voor (Type)``. The sidecar must not send that document
at all: the account it finds is made a customer first (logged), or, as the settings choose, a
new customer account is created beside it. The emulator refuses non-customers on invoices,
orders and entries by default; whether real Exact refuses sales orders and entries too is
unconfirmed, so the sidecar is also run against an emulator that refuses invoices only.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.sync.links import Link
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ORDER = "order-nl-two-rates-coupon-fee-refund.json"
INVOICES = "salesinvoice/SalesInvoices"
ACCOUNTS = "crm/Accounts"


def _lines(runtime, level: str | None = None) -> list[Activity]:
    with runtime.db.session() as session:
        query = select(Activity).order_by(Activity.id)
        if level:
            query = query.where(Activity.level == level)
        return list(session.scalars(query))


def _order_link(runtime) -> Link:
    with runtime.db.session() as session:
        return session.scalar(select(Link).where(Link.kind == "order"))


def _prospect(exact, email: str, code: str = "900", status: str = "P") -> dict:
    return exact.insert_record(
        DIVISION,
        ACCOUNTS,
        {"Code": code.rjust(18), "Name": "Oude Prospect BV", "Email": email, "Status": status},
    )


def _invoice_settings(**customers) -> dict:
    return {
        **SETTINGS,
        "document": {"type": "sales_invoice", "journal": "70"},
        "customers": customers,
    }


def _post_order(shop, runtime, order: dict) -> None:
    assert shop.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    run_jobs(runtime)


@pytest.mark.parametrize(
    "emulator_rule",
    [
        pytest.param(("invoices", "orders", "entries"), id="refused-on-every-document"),
        pytest.param(("invoices",), id="refused-on-invoices-only"),
    ],
)
def test_a_prospect_found_by_e_mail_is_made_a_customer_before_the_invoice(
    shop_ready_drained, exact_runtime, exact, emulator_rule
) -> None:
    exact.config.customer_status_required = emulator_rule
    assert shop_ready_drained.put("/api/v1/shop/settings", _invoice_settings()).ok
    order = woo_fixture(ORDER)
    email = order["billing"]["email"].lower()
    prospect = _prospect(exact, email, status="S")
    mark = len(exact.request_log())
    _post_order(shop_ready_drained, exact_runtime, order)

    [account] = [a for a in exact.records(DIVISION, ACCOUNTS) if a.get("Email") == email]
    assert account["ID"] == prospect["ID"] and account["Status"] == "C"
    writes = [
        (r["method"], r["endpoint"], r["status"])
        for r in exact.request_log(since=mark)
        if r["method"] in ("POST", "PUT")
    ]
    assert writes == [("PUT", ACCOUNTS, 204), ("POST", INVOICES, 201)], writes
    [invoice] = exact.records(DIVISION, INVOICES)
    assert invoice["OrderedBy"] == prospect["ID"]
    assert _order_link(exact_runtime).state == "posted"
    said = [a.message for a in _lines(exact_runtime) if a.kind == "customer"]
    assert any("900" in m and "a suspect" in m and "made a customer" in m for m in said), said


def test_new_account_setting_leaves_the_prospect_and_creates_a_customer(
    shop_ready_drained, exact_runtime, exact
) -> None:
    settings = _invoice_settings(non_customer="new_account")
    assert shop_ready_drained.put("/api/v1/shop/settings", settings).ok
    order = woo_fixture(ORDER)
    email = order["billing"]["email"].lower()
    prospect = _prospect(exact, email)
    _post_order(shop_ready_drained, exact_runtime, order)

    accounts = {a["ID"]: a for a in exact.records(DIVISION, ACCOUNTS) if a.get("Email") == email}
    assert accounts.pop(prospect["ID"])["Status"] == "P", "the prospect is left as it was"
    [created] = accounts.values()
    assert created["Status"] == "C"
    [invoice] = exact.records(DIVISION, INVOICES)
    assert invoice["OrderedBy"] == created["ID"]
    assert _order_link(exact_runtime).state == "posted"


def test_a_default_debtor_that_is_no_customer_fails_before_any_document(
    shop_ready_drained, exact_runtime, exact
) -> None:
    _prospect(exact, "algemeen@example.test", code="901")
    settings = _invoice_settings(mode="default_debtor", default_debtor="901")
    assert shop_ready_drained.put("/api/v1/shop/settings", settings).ok
    _post_order(shop_ready_drained, exact_runtime, woo_fixture(ORDER))

    assert exact.count_calls("POST", INVOICES) == 0
    assert _order_link(exact_runtime).state == "failed"
    [error] = _lines(exact_runtime, "error")
    assert "default debtor '901' is a prospect" in error.message, error.message
    assert "Status" in error.resolution and "Settings > Customers" in error.resolution


def test_matching_by_customer_number_never_creates_a_twin(
    shop_ready_drained, exact_runtime, exact
) -> None:
    settings = _invoice_settings(
        match="customer_number", match_meta_key="exact_customer", non_customer="new_account"
    )
    assert shop_ready_drained.put("/api/v1/shop/settings", settings).ok
    _prospect(exact, "ander@example.test", code="902")
    order = woo_fixture(ORDER)
    order["meta_data"] = [*order.get("meta_data", []), {"key": "exact_customer", "value": "902"}]
    before = len(exact.records(DIVISION, ACCOUNTS))
    _post_order(shop_ready_drained, exact_runtime, order)

    assert exact.count_calls("POST", INVOICES) == 0
    assert len(exact.records(DIVISION, ACCOUNTS)) == before
    [error] = _lines(exact_runtime, "error")
    assert "902" in error.message and "not a customer" in error.message, error.message
    assert "make customer" in error.resolution
