"""The demo's driver against the real parts: the sidecar served on loopback, the Exact emulator,
the WooCommerce stand-in and RQ's worker in-process. A short burst of orders must end up as
Exact documents equal to the shop's totals, with activity lines, the shop learning the Exact
number, and the emulator's listing showing them; a re-run reuses the shop and its connection."""

import json
import os
import signal
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from rq import SimpleWorker

from sidecar.demo.onboarding import DIVISION, DemoShop, Onboarding
from sidecar.demo.shopfloor import SCRIPT, ShopFloor, bookable
from sidecar.emulators.woocommerce.generator import generate_orders
from sidecar.emulators.woocommerce.testing import running_woocommerce
from sidecar.shops.service import add_shop

ORDERS = 5
ROOT = Path(__file__).parents[2]


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
    quirk = {**orders[0], "tax_lines": []}  # a shipping tax entry whose rate has no tax line
    assert orders[0]["shipping_lines"][0]["taxes"] and not bookable(quirk)


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
            # a draft invoice (numbered only when processed, the emulator's default) has none
            number = invoice["InvoiceNumber"]
            assert woo.meta(order_id)["_exact_document_number"] == (
                "" if number is None else str(number)
            )
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

        while not floor.unpaid:  # the generator's mix has bank transfers waiting for payment
            placed.append(floor.place_order())
            assert len(placed) < ORDERS + 25
        _work(exact_runtime)
        waiting = floor.unpaid[0]
        assert api.get(f"/api/v1/shop/orders/{waiting}").json()["state"] != "posted"
        assert floor.pay_one() == waiting
        _work(exact_runtime)
        assert api.get(f"/api/v1/shop/orders/{waiting}").json()["state"] == "posted"
        assert woo.order(waiting)["number"] in {
            i["YourRef"] for i in exact.records(DIVISION, "salesinvoice/SalesInvoices")
        }

        again, _ = Onboarding(
            live,
            exact.base_url,
            woo.base_url,
            state_path=tmp_path / "demo.json",
            register=_registrar(exact_runtime),
        ).run(said.append)
        assert again == shop
        assert any("already connected" in m for m in said)
        states = floor.states()
        assert states["posted"] >= ORDERS + 1 and "failed" not in states, states


def test_demo_script_starts_everything_and_books_orders(tmp_path) -> None:
    """Smoke test of `make demo` (scripts/demo.sh): real processes, three orders, then it stops
    by itself and leaves nothing running. Bounded by a 150 s timeout, not timed."""
    env = {
        **os.environ,
        "SIDECAR_SKIP_SETUP": "1",
        "DEMO_HOME": str(tmp_path / "demo"),
        "SIDECAR_WEB_WORKERS": "1",
    }
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "demo.sh"), "--count", "3", "--interval", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=150)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        pytest.fail(f"the demo did not finish within 150 s:\n{output}")
    assert process.returncode == 0, output
    assert "exact-sidecar demo is running." in output
    assert "/_emulator/documents" in output
    assert output.count("posted to Exact as sales invoice") == 3, output
    assert "Orders placed: 3 (3 posted)" in output, output
    state = json.loads((tmp_path / "demo" / "demo.json").read_text())
    assert state["id"].startswith("shp_") and state["secret"]
    with pytest.raises(requests.ConnectionError):
        requests.get(state["sidecar_url"] + "/healthz", timeout=2)
