"""Both plugins' real delivery code (run through `php`) against the real sidecar over HTTP:
signature, envelope and batch handling agree, events are stored once, refusals are understood."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from sidecar.events.models import Event
from sidecar.shops.service import add_shop

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
