"""From a fresh shop to booked orders with only the proposed mapping.

A WooCommerce shop is registered with the default settings and connects the emulated
administration, prepared as a bookkeeper would have before the webshop was linked (the items the
shop sells, OSS codes for the reduced rates; ``sidecar.demo.onboarding``). The plugin asks for a
proposal with the shop's own lists (the stand-in's tax rates, payment and shipping methods),
saves it unchanged, and the demo's order mix is posted: every order must reach Exact, equal to
the shop's total, without a single failure or warning.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.demo.onboarding import OSS_REDUCED, PACKAGING_ITEM
from sidecar.demo.shopfloor import bookable
from sidecar.emulators.woocommerce.generator import CATALOGUE, PAYMENTS, RATES, generate_orders
from sidecar.shops.service import add_shop
from sidecar.sync.links import Link
from tests.support.exact import DIVISION, oauth_dance
from tests.support.orders import order_event, run_jobs
from tests.support.signing import SignedClient

ORDERS = 40


def _shop_lists() -> dict:
    """What the WooCommerce plugin reads from the shop (ShopLists) and sends."""
    rates = [
        {"id": str(rate_id), "country": country, "percent": float(percent), "name": label}
        for country, classes in RATES.items()
        for rate_id, _code, label, percent in classes.values()
    ]
    payments = [{"id": gateway, "title": title} for gateway, title in PAYMENTS.values()]
    payments.append({"id": "bacs", "title": "Directe bankoverschrijving"})
    shipping = [
        {"id": "flat_rate", "title": "Vaste prijs (PostNL)"},
        {"id": "free_shipping", "title": "Gratis verzending"},
    ]
    return {
        "tax_rates": rates,
        "payment_methods": payments,
        "shipping_methods": shipping,
        "home_country": "NL",
    }


def _prepare_exact(exact) -> None:  # noqa: ANN001
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [{"Code": sku, "Description": name, "IsSalesItem": True} for name, sku, *_ in CATALOGUE]
        + [{"Code": PACKAGING_ITEM[0], "Description": PACKAGING_ITEM[1], "IsSalesItem": True}],
    )
    exact.insert_records(
        DIVISION,
        "vat/VATCodes",
        [
            {
                "Code": code,
                "Description": text,
                "Percentage": float(rate),
                "Type": "E",
                "VATTransactionType": "S",
            }
            for code, text, rate in OSS_REDUCED
        ],
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.exact_emulator(minute_limit=100_000)  # the budget is not what this is about
def test_the_proposed_mapping_books_the_demo_order_mix(exact_runtime, exact, live) -> None:
    with exact_runtime.db.session() as session:
        shop = add_shop(session, exact_runtime.box, "woocommerce", "https://demo.example.nl", "D")
    client = SignedClient(live, shop.id, shop.secret)
    oauth_dance(client, live, division=DIVISION, return_url="https://demo.example.nl/wp-admin/")
    _prepare_exact(exact)

    answer = client.post("/api/v1/shop/settings/proposal", _shop_lists())
    assert answer.status_code == 200, answer.text
    required = [m for m in answer.json()["missing"] if m["required"]]
    # the administration has no rounding item: the proposal says so, and the owner creates one
    assert [m["setting"] for m in required] == ["rounding.item"], required
    assert "create one" in required[0]["why"]
    exact.insert_record(
        DIVISION, "logistics/Items", {"Code": "AFRONDING", "Description": "Afronding"}
    )
    answer = client.post("/api/v1/shop/settings/proposal", _shop_lists())
    proposal = answer.json()
    assert [m for m in proposal["missing"] if m["required"]] == []
    assert proposal["settings"]["rounding"]["item"] == "AFRONDING"
    rows = {r["shop_rate"]: r["exact"] for r in proposal["settings"]["vat"]["rates"]}
    assert rows == {
        "1": "21", "2": "9", "3": "OBE", "4": "OB6", "5": "ODE", "6": "OD7", "7": "OFR", "8": "OF5"
    }  # fmt: skip
    # conditions as the sidecar reads them from Exact (with their days): bank transfer is paid
    # later, the others at checkout
    methods = {m["shop"]: m["exact"] for m in proposal["settings"]["payment"]["methods"]}
    assert methods["bacs"] == "14" and methods["mollie_wc_gateway_ideal"] == "00", methods
    assert proposal["settings"]["payment"]["default_condition"] == "00"
    saved = client.put("/api/v1/shop/settings", proposal["settings"])
    assert saved.status_code == 200, saved.text

    orders = []
    for n, order in enumerate(generate_orders(ORDERS * 2, seed=11)):
        if bookable(order) and order["status"] in ("processing", "completed"):
            order.update(id=50_000 + n, number=str(50_000 + n))
            orders.append(json.loads(json.dumps(order, default=str)))  # as the REST API's strings
    orders = orders[:ORDERS]
    assert len(orders) >= ORDERS // 2, "the mix has enough orders to post"
    for order in orders:
        assert (
            client.post("/api/v1/events", order_event(order, f"e{order['id']}")).status_code == 202
        )
    run_jobs(exact_runtime)

    with exact_runtime.db.session() as session:
        states = {
            link.shop_key: (link.state, link.last_error)
            for link in session.scalars(select(Link).where(Link.kind == "order"))
        }
        problems = [
            a.message
            for a in session.scalars(
                select(Activity).where(Activity.level.in_(("warning", "error")))
            )
        ]
    assert problems == [], "\n".join(problems)
    assert {k: s for k, s in states.items() if s[0] != "posted"} == {}
    assert len(states) == len(orders)
    invoices = {d["YourRef"]: d for d in exact.records(DIVISION, "salesorder/SalesOrders")}
    for order in orders:
        assert Decimal(str(invoices[order["number"]]["AmountFC"])) == Decimal(order["total"])
