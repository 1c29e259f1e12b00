"""A dry run shows the document an order would become and writes nothing, anywhere.

Against the emulated administration: the lines, VAT per code and total the order would be
posted with (equal to the shop's total), the account it would land on ("would be created" for a
customer Exact does not know), and what would stop it, with the setting to fix. The emulator's
request log proves that nothing but reads reached Exact, and the sidecar's tables that no link,
account or activity line was written.
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sidecar.activity.models import Activity
from sidecar.sync.links import Link
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, order_event, woo_fixture

ORDER = "order-01-nl-mixed-vat-flatrate-percent-coupon.json"


def _settings(client) -> None:  # noqa: ANN001
    saved = client.put(
        "/api/v1/shop/settings",
        {**SETTINGS, "document": {"type": "sales_invoice", "journal": "70"}},
    )
    assert saved.status_code == 200, saved.text


def _written(runtime, exact, mark: int) -> tuple[list, int, int]:  # noqa: ANN001
    calls = [(e["method"], e["endpoint"]) for e in exact.request_log(mark) if e["method"] != "GET"]
    with runtime.db.session() as session:
        links = session.scalar(select(func.count()).select_from(Link))
        lines = session.scalar(
            select(func.count()).select_from(Activity).where(Activity.kind != "settings")
        )
    return calls, links, lines


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_dry_run_shows_the_document_and_writes_nothing(
    shop_ready_drained, exact_runtime, exact
) -> None:
    client = shop_ready_drained
    _settings(client)
    order = woo_fixture(ORDER)
    with exact_runtime.db.session() as session:
        before_lines = session.scalar(
            select(func.count()).select_from(Activity).where(Activity.kind != "settings")
        )
    mark = exact.request_log()[-1]["seq"]

    answer = client.post(f"/api/v1/shop/orders/{order['id']}/dry-run", {"order": order})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["ok"], result
    document = result["document"]
    assert document["type"] == "sales_invoice"
    assert document["total"] == document["shop_total"] == order["total"]
    assert Decimal(document["net"]) + Decimal(document["vat"]) == Decimal(order["total"])
    assert document["account"]["outcome"].startswith("would be created")
    items = {line["item"] for line in document["lines"]}
    assert {"MUG-001", "SHIPPING"} <= items, document["lines"]
    assert document["your_ref"] == order["number"]

    calls, links, lines = _written(exact_runtime, exact, mark)
    assert calls == [], "only reads reached Exact"
    assert links == 0 and lines == before_lines, "no link, no account, no activity line"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_dry_run_says_what_would_stop_the_order(shop_ready_drained, exact_runtime, exact) -> None:
    client = shop_ready_drained
    _settings(client)
    order = copy.deepcopy(woo_fixture(ORDER))
    order["line_items"][0]["sku"] = "NOT-IN-EXACT"
    answer = client.post(f"/api/v1/shop/orders/{order['id']}/dry-run", {"order": order})
    result = answer.json()
    assert result["ok"] is False
    assert "NOT-IN-EXACT" in result["problem"]
    assert result["setting"] == "items.missing_sku"
    assert "Settings > Items" in result["resolution"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_dry_run_of_an_order_the_sidecar_holds(shop_ready_drained, exact_runtime, exact) -> None:
    client = shop_ready_drained
    _settings(client)
    order = woo_fixture(ORDER)
    assert client.post(f"/api/v1/shop/orders/{order['id']}/dry-run", {}).status_code == 404
    assert client.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    answer = client.post(f"/api/v1/shop/orders/{order['id']}/dry-run", {})
    assert answer.status_code == 200 and answer.json()["ok"], answer.text
    assert answer.json()["document"]["total"] == order["total"]
    assert not exact.records(DIVISION, "salesinvoice/SalesInvoices"), "nothing was posted"
