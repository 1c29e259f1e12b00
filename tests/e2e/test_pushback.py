"""The first pushback: after posting, the shop learns the Exact document (WooCommerce order meta
and one note through the REST stand-in; Magento through the module's sync route), idempotently."""

import json
from pathlib import Path

import pytest
from rq import SimpleWorker

from sidecar.emulators.magento.testing import running_magento
from sidecar.emulators.woocommerce.testing import running_woocommerce
from sidecar.shops.models import Shop
from sidecar.shops.service import add_shop, store_credentials
from sidecar.sync import links
from sidecar.sync.pushback import order_state as pushback
from tests.support.exact import DIVISION, oauth_dance
from tests.support.orders import ITEMS, SETTINGS, order_event
from tests.support.signing import SignedClient

FIXTURES = Path(__file__).parents[1] / "data" / "fixtures"


def _work(runtime) -> None:
    SimpleWorker(["orders", "pushback"], connection=runtime.redis).work(burst=True)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_woocommerce_learns_the_document_once(exact_runtime, exact, live) -> None:
    with running_woocommerce() as woo:
        with exact_runtime.db.session() as session:
            shop = add_shop(session, exact_runtime.box, "woocommerce", woo.base_url, "Winkel")
        client = SignedClient(live, shop.id, shop.secret)
        oauth_dance(client, live, division=DIVISION, return_url=woo.base_url + "/wp-admin/")
        exact.insert_records(
            DIVISION,
            "logistics/Items",
            [{"Code": c, "Description": n, "IsSalesItem": True} for c, n in ITEMS],
        )
        creds = {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret}
        assert client.post("/api/v1/shop/credentials", creds).status_code == 200
        client.put("/api/v1/shop/settings", {**SETTINGS, "document": {"type": "sales_order"}})
        order = woo.order(15)
        assert client.post("/api/v1/events", order_event(order, "e1")).status_code == 202
        _work(exact_runtime)

        state = client.get("/api/v1/shop/orders/15").json()
        assert state["state"] == "posted"
        meta = woo.meta(15)
        assert meta["_exact_sync_state"] == "posted"
        assert meta["_exact_document_type"] == "sales_order"
        assert meta["_exact_document_number"] == state["document_number"]
        notes = [n["note"] for n in woo.notes(15)]
        expected = f"Exact Online: sales order {state['document_number']} created."
        assert notes.count(expected) == 1
        writes = woo.count_calls("PUT", "/wp-json/wc/v3/orders/*")

        pushback.enqueue(exact_runtime, shop.id, "15")
        _work(exact_runtime)
        assert [n["note"] for n in woo.notes(15)].count(expected) == 1, "no second note"
        assert woo.count_calls("PUT", "/wp-json/wc/v3/orders/*") == writes, "meta unchanged"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_woocommerce_shows_a_failed_order_with_its_resolution(runtime) -> None:
    with running_woocommerce() as woo:
        with runtime.db.session() as session:
            shop = add_shop(session, runtime.box, "woocommerce", woo.base_url, "Winkel")
            store_credentials(
                session.get(Shop, shop.id),
                runtime.box,
                {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret},
            )
            link = links.ensure_link(session, shop.id, "order", "15")
            links.mark_failed(
                session,
                link,
                "Order 15: tax rate 'BTW laag' has no VAT code.",
                "Map it under Settings > VAT.",
                "vat.rates",
            )
        assert pushback.push(runtime, shop.id, "15") == "updated"
        meta = woo.meta(15)
        assert meta["_exact_sync_state"] == "failed"
        assert meta["_exact_resolution"] == "Map it under Settings > VAT."
        assert pushback.push(runtime, shop.id, "15") == "unchanged"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_magento_route_is_called_once_per_state(runtime) -> None:
    order = json.loads((FIXTURES / "magento" / "order-nl-configurable.json").read_text())
    with running_magento() as mage:
        with runtime.db.session() as session:
            shop = add_shop(session, runtime.box, "magento", mage.base_url, "Magazijn")
            store_credentials(session.get(Shop, shop.id), runtime.box, mage.credentials())
            link = links.ensure_link(session, shop.id, "order", str(order["entity_id"]))
            links.mark_posted(
                session, link, "sales_invoice", "a1b2c3d4-0000-4000-8000-000000000001", "26700001"
            )
        assert pushback.push(runtime, shop.id, str(order["entity_id"])) == "updated"
        row = mage.link(order["entity_id"])
        assert row["document_number"] == "26700001" and row["sync_state"] == "posted"
        history = mage.history(order["entity_id"])
        assert sum("26700001" in (h.get("comment") or "") for h in history) == 1
        assert pushback.push(runtime, shop.id, str(order["entity_id"])) == "unchanged"
        assert (
            sum("26700001" in (h.get("comment") or "") for h in mage.history(order["entity_id"]))
            == 1
        )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_revoked_credentials_are_reported_not_retried(runtime) -> None:
    with running_woocommerce() as woo:
        with runtime.db.session() as session:
            shop = add_shop(session, runtime.box, "woocommerce", woo.base_url, "Winkel")
            store_credentials(
                session.get(Shop, shop.id),
                runtime.box,
                {"consumer_key": "ck_revoked00000", "consumer_secret": "cs_x0000000"},
            )
            link = links.ensure_link(session, shop.id, "order", "15")
            links.mark_posted(session, link, "sales_order", "x", "1")
        from sidecar.shops.http import ShopRefused

        with pytest.raises(ShopRefused) as info:
            pushback.push(runtime, shop.id, "15")
        assert "credentials" in str(info.value) and "Reconnect" in info.value.resolution
