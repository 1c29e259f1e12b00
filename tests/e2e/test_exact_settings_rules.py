"""Settings Exact would refuse are refused when they are saved, with the reason; a code that
Exact blocks later fails the order once, naming the setting; direct invoices in an edition
without them fail one order, then none is sent again and the setting is refused.

Exact refuses blocked and purchase-only VAT codes and balance-sheet G/L accounts on sales lines
(``Ongeldig: Grootboekrekeningtype``, picqer #121); an inclusive code would make Exact read the
sidecar's excl.-VAT prices as incl.; direct invoices exist only in the Wholesale & Distribution
and Manufacturing editions.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.exact import editions
from sidecar.sync.links import Link
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ORDER = "order-nl-two-rates-coupon-fee-refund.json"
INVOICES = "salesinvoice/SalesInvoices"
VAT = "vat/VATCodes"
INVOICE = {"type": "sales_invoice", "journal": "70"}
DIRECT = {"type": "direct_invoice", "journal": "70", "warehouse": "1", "process": True}


def _put(shop, **sections):
    return shop.put("/api/v1/shop/settings", {**SETTINGS, **sections})


def _order(shop, runtime, number: int) -> None:
    order = {**woo_fixture(ORDER), "id": number, "number": str(number)}
    assert shop.post("/api/v1/events", order_event(order, f"e{number}")).status_code == 202
    run_jobs(runtime)


def _links(runtime) -> dict[str, Link]:
    with runtime.db.session() as session:
        rows = session.scalars(select(Link).where(Link.kind == "order")).all()
        for row in rows:
            session.expunge(row)
    return {row.shop_key: row for row in rows}


def _errors(runtime) -> list[Activity]:
    with runtime.db.session() as session:
        return list(session.scalars(select(Activity).where(Activity.level == "error")))


def _posts(exact) -> list[int]:
    return [
        r["status"]
        for r in exact.request_log()
        if r["method"] == "POST" and r["endpoint"] == INVOICES
    ]


@pytest.mark.parametrize(
    ("sections", "field", "words"),
    [
        (
            {"vat": {**SETTINGS["vat"], "rates": [{"shop_rate": "1", "exact": "21I"}]}},
            "vat.rates[0].exact",
            "includes VAT in the price",
        ),
        ({"vat": {**SETTINGS["vat"], "untaxed": "I21"}}, "vat.untaxed", "purchase VAT code"),
        (
            {"revenue": {**SETTINGS["revenue"], "domestic": "1300"}},
            "revenue.domestic",
            "balance-sheet account",
        ),
        (
            {"shipping": {"item": "SHIPPING", "gl_account": "8999"}},
            "shipping.gl_account",
            "does not exist in Exact",
        ),
    ],
)
def test_codes_exact_would_refuse_are_refused_at_save(shop_ready, exact, sections, field, words):
    exact.insert_record(
        DIVISION,
        VAT,
        {
            "Code": "I21",
            "Description": "BTW inkoop 21%",
            "Percentage": 0.21,
            "Type": "E",
            "VATTransactionType": "P",
        },
    )
    before = shop_ready.get("/api/v1/shop/settings").json()
    answer = _put(shop_ready, **sections)
    assert answer.status_code == 400, answer.text
    problems = answer.json()["error"]["fields"]
    assert list(problems) == [field] and words in problems[field][0], problems
    assert shop_ready.get("/api/v1/shop/settings").json() == before, "nothing was saved"


def test_a_code_blocked_after_saving_fails_the_order_naming_the_setting(
    shop_ready, exact_runtime, exact
):
    assert _put(shop_ready, document=INVOICE).ok
    [code21] = [r for r in exact.records(DIVISION, VAT) if r["Code"] == "21"]
    exact.patch_record(DIVISION, VAT, code21["ID"], {"IsBlocked": True})
    for key in exact_runtime.redis.scan_iter("sidecar:exact:ref:*"):
        exact_runtime.redis.delete(key)  # the sidecar's 10-minute list cache has expired
    _order(shop_ready, exact_runtime, 501)
    assert _posts(exact) == [], "refused before anything was sent"
    [error] = _errors(exact_runtime)
    assert "'21'" in error.message and "blocked" in error.message
    assert "vat.rates" in error.resolution
    assert _links(exact_runtime)["501"].failed_setting == "vat.rates"


def test_a_code_blocked_while_cached_is_refused_by_exact_once(shop_ready, exact_runtime, exact):
    assert _put(shop_ready, document=INVOICE).ok
    _order(shop_ready, exact_runtime, 502)  # fills the cache with the code unblocked
    [code21] = [r for r in exact.records(DIVISION, VAT) if r["Code"] == "21"]
    exact.patch_record(DIVISION, VAT, code21["ID"], {"IsBlocked": True})
    _order(shop_ready, exact_runtime, 503)
    assert _posts(exact) == [201, 500], "Exact's refusal is never repeated"
    [error] = _errors(exact_runtime)
    assert "Ongeldig: Btw-code" in error.message and "(vat.rates)" in error.resolution


@pytest.mark.parametrize("no_logistics", ["forbidden", "empty"])  # UNCONFIRMED at Exact
def test_direct_invoices_are_refused_at_save_in_an_edition_without_them(
    shop_ready, exact_runtime, exact, monkeypatch, no_logistics
):
    monkeypatch.setattr(exact.config, "edition", "accounting")
    monkeypatch.setattr(exact.config, "no_logistics", no_logistics)
    refused = _put(shop_ready, document=DIRECT)
    assert refused.status_code == 400, refused.text
    [reason] = refused.json()["error"]["fields"]["document.type"]
    assert reason.startswith(editions.SENTENCE) and "no warehouses" in reason
    assert _posts(exact) == [], "found out without sending a document"


def test_direct_invoices_in_an_edition_without_them_fail_orders_before_sending(
    shop_ready, exact_runtime, exact, monkeypatch
):
    assert _put(shop_ready, document=DIRECT).ok  # saved while the edition still had them
    monkeypatch.setattr(exact.config, "edition", "accounting")
    for key in exact_runtime.redis.scan_iter("sidecar:exact:ref:*"):
        exact_runtime.redis.delete(key)  # the sidecar's 10-minute lists have expired
    _order(shop_ready, exact_runtime, 601)
    _order(shop_ready, exact_runtime, 602)
    assert _posts(exact) == [], "no direct invoice is sent to an edition without them"
    failed = _links(exact_runtime)
    assert failed["601"].state == failed["602"].state == "failed"
    assert failed["602"].failed_setting == "document.type"
    errors = _errors(exact_runtime)
    assert len(errors) == 2 and all(editions.SENTENCE in e.message for e in errors), [
        e.message for e in errors
    ]
    assert "(document.type)" in errors[1].resolution
    assert _put(shop_ready, document=INVOICE).ok  # the fix re-queues both orders
    run_jobs(exact_runtime)
    posted = _links(exact_runtime)
    assert posted["601"].state == posted["602"].state == "posted"
    assert _posts(exact) == [201, 201]


def test_a_refused_direct_invoice_teaches_the_edition(
    shop_ready, exact_runtime, exact, monkeypatch
):
    assert _put(shop_ready, document=DIRECT).ok
    monkeypatch.setattr(exact.config, "edition", "accounting")
    # An Exact that lists warehouses yet refuses the type: only its answer can tell.
    monkeypatch.setattr("sidecar.emulators.exact.api.hides_logistics", lambda *args: False)
    _order(shop_ready, exact_runtime, 611)
    _order(shop_ready, exact_runtime, 612)
    assert _posts(exact) == [500], "one refusal, then the sidecar knows"
    errors = _errors(exact_runtime)
    assert "Ongeldig: Type" in errors[0].message
    assert all(editions.SENTENCE in e.message for e in errors)


def test_direct_invoices_are_processed_where_the_edition_has_them(shop_ready, exact_runtime, exact):
    assert _put(shop_ready, document=DIRECT).ok
    _order(shop_ready, exact_runtime, 701)
    [invoice] = exact.records(DIVISION, INVOICES)
    assert invoice["Type"] == 8023 and invoice["Status"] == 50, "processed, stock moved"
    link = _links(exact_runtime)["701"]
    assert link.state == "posted" and link.exact_number == str(invoice["InvoiceNumber"])
