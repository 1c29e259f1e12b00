"""Both plugins' real delivery code (run through `php`) against the real sidecar over HTTP:
signature, envelope and batch handling agree, events are stored once, refusals are understood."""

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.events.models import Event
from sidecar.shops.service import add_shop
from sidecar.sync.links import Link
from tests.support.signing import SignedClient

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "data" / "fixtures"
WOO = ROOT / "plugin-woocommerce" / "tests" / "e2e" / "deliver.php"
MAGENTO = ROOT / "plugin-magento" / "Test" / "e2e" / "deliver.php"

needs_php = pytest.mark.skipif(shutil.which("php") is None, reason="php is not installed")


def _php(script: Path, *args: str) -> dict:
    done = subprocess.run(["php", str(script), *args], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _stored(runtime) -> list[Event]:
    with runtime.db.session() as session:
        return list(session.scalars(select(Event).order_by(Event.id)))


@needs_php
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "fixture", sorted((FIXTURES / "woocommerce").glob("*.json")), ids=lambda p: p.stem
)
def test_woocommerce_plugin_delivers_each_fixture(live, runtime, shop, fixture: Path) -> None:
    order = json.loads(fixture.read_text())
    args = [
        "--url",
        live,
        "--shop",
        shop.id,
        "--secret",
        shop.secret,
        "--order-file",
        str(fixture),
        "--event-id",
        f"wc-{order['id']}-1",
    ]
    first = _php(WOO, *args)
    assert first["status"] == 202 and first["outcome"] == "delivered", first
    again = _php(WOO, *args)
    assert again["status"] == 200 and again["body"]["status"] == "duplicate", again
    [event] = _stored(runtime)
    assert event.event_id == f"wc-{order['id']}-1"
    assert event.entity_id == str(order["id"])
    assert event.payload["id"] == order["id"]
    assert event.payload["total"] == order["total"], "amounts arrive as the shop's strings"
    assert event.payload["line_items"] == order["line_items"]


@needs_php
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_woocommerce_plugin_wrong_secret_is_kept_for_retry(live, runtime, shop) -> None:
    fixture = next((FIXTURES / "woocommerce").glob("*.json"))
    result = _php(
        WOO,
        "--url",
        live,
        "--shop",
        shop.id,
        "--secret",
        "wrong-secret",
        "--order-file",
        str(fixture),
    )
    assert result["status"] == 401 and result["outcome"] == "retry", result
    assert result["body"]["error"]["code"] == "bad_signature"
    assert _stored(runtime) == []


@needs_php
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_magento_module_delivers_batches(live, runtime) -> None:
    with runtime.db.session() as session:
        shop = add_shop(session, runtime.box, "magento", "https://m.example.nl", "Magento")
    fixture = FIXTURES / "magento" / "order-nl-configurable.json"
    order = json.loads(fixture.read_text())
    args = [
        "--url",
        live,
        "--shop",
        shop.id,
        "--secret",
        shop.secret,
        "--order-file",
        str(fixture),
        "--count",
        "3",
    ]
    first = _php(MAGENTO, *args)
    assert first["status"] == 200 and first["delivered"] == 3 and first["dead"] == 0, first
    statuses = [r["status"] for r in first["body"]["results"]]
    assert statuses == ["accepted"] * 3
    again = _php(MAGENTO, *args)
    assert [r["status"] for r in again["body"]["results"]] == ["duplicate"] * 3
    stored = _stored(runtime)
    assert len(stored) == 3
    assert {e.entity_id for e in stored} == {str(order["entity_id"])}
    assert all(e.payload["increment_id"] == order["increment_id"] for e in stored)


@needs_php
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_magento_module_refund_carries_creditmemos_and_becomes_a_credit_note(
    exact_runtime, exact, live
) -> None:
    """The module's own observers and payload builder produce order.updated + order.refunded with
    ``creditmemos``; the sidecar posts the order as a sales invoice and credits the memo (8021)."""
    from tests.support.exact import DIVISION, oauth_dance
    from tests.support.orders import run_jobs

    with exact_runtime.db.session() as session:
        shop = add_shop(session, exact_runtime.box, "magento", "https://shop.example.nl", "Magento")
    client = SignedClient(live, shop.id, shop.secret)
    oauth_dance(client, live, division=DIVISION)
    run_jobs(exact_runtime)  # what connecting queues (Exact webhook subscriptions) first
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [
            {"Code": c, "Description": c, "IsSalesItem": True}
            for c in ("TSHIRT-BLK-M", "HOODIE-GRY-L", "RETOUR")
        ],
    )
    settings = {
        "trigger_statuses": ["processing", "complete"],
        "document": {"type": "sales_invoice", "journal": "70"},
        "vat": {"rates": [{"shop_rate": "NL-21", "exact": "21"}], "untaxed": "0"},
        "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8040", "outside_eu": "8020"},
        "shipping": {"item": "SHIPPING"},
        "refunds": {"amount_item": "RETOUR", "amount_gl_account": "8100"},
    }
    assert client.put("/api/v1/shop/settings", settings).status_code == 200
    order_file = FIXTURES / "magento" / "order-nl-configurable.json"
    memos_file = FIXTURES / "magento" / "creditmemos-order-1234-tshirt-shipping-fee.json"
    order = json.loads(order_file.read_text())
    [memo] = json.loads(memos_file.read_text())["items"]

    delivered = _php(
        MAGENTO,
        "--url",
        live,
        "--shop",
        shop.id,
        "--secret",
        shop.secret,
        "--order-file",
        str(order_file),
        "--creditmemos-file",
        str(memos_file),
    )
    assert delivered["status"] == 200 and delivered["delivered"] == 2, delivered
    assert [r["status"] for r in delivered["body"]["results"]] == ["accepted"] * 2

    stored = _stored(exact_runtime)
    assert [(e.event_id, e.type) for e in stored] == [
        ("order:1234:created", "order.updated"),
        (f"order:1234:creditmemo:{memo['entity_id']}:{memo['state']}", "order.refunded"),
    ]
    assert "creditmemos" not in stored[0].payload
    assert stored[1].payload["creditmemos"] == [memo], "the memo as GET /V1/creditmemos gives it"

    run_jobs(exact_runtime)
    with exact_runtime.db.session() as session:
        states = {(x.kind, x.shop_key): x.state for x in session.scalars(select(Link))}
        problems = [a.message for a in session.scalars(select(Activity)) if a.level != "info"]
    assert states[("order", "1234")] == "posted", problems
    assert {k: v for k, v in states.items() if k[0] == "refund"} == {
        ("refund", "1234:77"): "posted"
    }, problems
    assert not [m for m in problems if "credit memo" in m], "no 'credit by hand' warning"
    docs = {d["YourRef"]: d for d in exact.records(DIVISION, "salesinvoice/SalesInvoices")}
    credit = docs[f"{order['increment_id']}-R{memo['entity_id']}"]
    assert credit["Type"] == 8021, "a sales invoice is credited by a sales credit note"
    lines = [
        r
        for r in exact.records(DIVISION, "salesinvoice/SalesInvoiceLines")
        if r["InvoiceID"] == credit["InvoiceID"]
    ]
    total = sum(Decimal(str(r["AmountFC"])) + Decimal(str(r["VATAmountFC"])) for r in lines)
    assert total == -Decimal(str(memo["grand_total"])) == Decimal("-26.73")
