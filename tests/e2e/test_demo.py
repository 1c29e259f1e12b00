"""The demo's driver against the real parts: the sidecar served on loopback, the Exact emulator,
the WooCommerce stand-in and RQ's worker in-process. A short burst of orders must end up as
Exact documents equal to the shop's totals, with activity lines, the shop learning the Exact
number, and the emulator's listing showing them; a re-run reuses the shop and its connection."""

from decimal import Decimal

import pytest
import requests
from rq import SimpleWorker

from sidecar.demo.onboarding import DIVISION, DemoShop, Onboarding
from sidecar.demo.shopfloor import SCRIPT, ShopFloor, bookable
from sidecar.emulators.woocommerce.generator import generate_orders
from sidecar.emulators.woocommerce.testing import running_woocommerce
from sidecar.shops.service import add_shop

ORDERS = 5


def _work(runtime) -> None:
    SimpleWorker(["orders", "pushback", "default"], connection=runtime.redis).work(burst=True)


def _registrar(runtime):
    def register(url: str, name: str) -> DemoShop:
        with runtime.db.session() as session:
            created = add_shop(session, runtime.box, "woocommerce", url, name)
        return DemoShop(created.id, created.secret)

    return register


def test_the_script_finds_its_kinds_and_skips_unbookable_orders() -> None:
    orders = [generate_orders(1, seed=s)[0] for s in range(1, 200)]
    for name, wanted in SCRIPT:
        assert any(wanted(o) and bookable(o) for o in orders), name
    assert not all(bookable(o) for o in orders), "the free-shipping quirk exists in the sample"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_burst_of_demo_orders_reaches_exact_and_the_activity_log(
    exact_runtime, exact, live, tmp_path
) -> None:
    said: list[str] = []
    with running_woocommerce() as woo:
        onboarding = Onboarding(
            live,
            exact.base_url,
            woo.base_url,
            state_path=tmp_path / "demo.json",
            register=_registrar(exact_runtime),
        )
        shop, api = onboarding.run(said.append)
        floor = ShopFloor(api, woo.base_url, said.append)
        placed = []
        for _ in range(ORDERS):
            placed.append(floor.place_order())
            _work(exact_runtime)
        floor.show_activity()

        invoices = exact.records(DIVISION, "salesinvoice/SalesInvoices")
        by_ref = {i["YourRef"]: i for i in invoices}
        for order_id in placed:
            order = woo.order(order_id)
            invoice = by_ref[order["number"]]
            assert Decimal(str(invoice["AmountDC"])) == Decimal(order["total"]), order_id
            assert woo.meta(order_id)["_exact_document_number"] == str(invoice["InvoiceNumber"])
        b2b = woo.order(placed[1])
        assert b2b["billing"]["company"] and not b2b["tax_lines"]
        lines = exact.records(DIVISION, "salesinvoice/SalesInvoiceLines")
        b2b_lines = [x for x in lines if x["InvoiceID"] == by_ref[b2b["number"]]["InvoiceID"]]
        assert {x["VATCode"].strip() for x in b2b_lines} == {"ICP"}
        posted = [m for m in said if "posted to Exact" in m and "activity:" in m]
        assert len(posted) == ORDERS, said
        assert any(m.startswith("Order #") and "reverse charge" in m for m in said)

        refunded = floor.refund_one()
        assert refunded == placed[0]
        _work(exact_runtime)
        floor.show_activity()
        assert any("Refund on #" in m for m in said)
        credits = [
            i for i in exact.records(DIVISION, "salesinvoice/SalesInvoices") if i["Type"] == 8021
        ]
        assert [c["YourRef"].split("-R")[0] for c in credits] == [woo.order(refunded)["number"]]

        listing = requests.get(exact.base_url + "/_emulator/documents?format=json", timeout=10)
        refs = {d["your_ref"] for d in listing.json()["documents"]}
        assert {woo.order(i)["number"] for i in placed} <= refs
        assert any(d["type"] == "sales credit note" for d in listing.json()["documents"])
        page = requests.get(exact.base_url + "/_emulator/documents", timeout=10)
        assert "sales invoice" in page.text and woo.order(placed[0])["number"] in page.text

        again, _ = Onboarding(
            live,
            exact.base_url,
            woo.base_url,
            state_path=tmp_path / "demo.json",
            register=_registrar(exact_runtime),
        ).run(said.append)
        assert again == shop
        assert any("already connected" in m for m in said)
        assert floor.states() == {"posted": ORDERS}
