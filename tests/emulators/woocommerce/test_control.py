"""Faults of each kind, the request log, reset, planting and generating orders."""

from __future__ import annotations

import hashlib
import time
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from sidecar.emulators.woocommerce import generate_orders
from sidecar.emulators.woocommerce.generator import check_arithmetic
from sidecar.emulators.woocommerce.seed import default_seed_files

ORDERS = "/wp-json/wc/v3/orders"


@pytest.mark.parametrize("status", [500, 503, 429])
def test_status_faults_hit_the_next_n_calls_only(woo, api, status):
    woo.inject_fault("status", f"{ORDERS}/15", method="PUT", count=2, status=status)
    answers = [api.put(woo.api_url("orders/15"), json={"status": "on-hold"}) for _ in range(3)]
    assert [r.status_code for r in answers] == [status, status, 200]
    if status == 500:
        assert answers[0].json()["code"] == "internal_server_error"
    if status == 503:
        assert answers[0].headers["Retry-After"] == "600"
        assert "Briefly unavailable" in answers[0].text
    if status == 429:
        assert answers[0].headers["Retry-After"] == "60"
    assert api.get(woo.api_url("orders/15")).status_code == 200  # GET unaffected
    faults = [e["fault"] for e in woo.request_log() if e["method"] == "PUT"]
    assert faults == ["status", "status", None]


def test_fault_answers_before_authentication(woo):
    woo.inject_fault("status", ORDERS, status=503)
    assert requests.get(woo.api_url("orders"), timeout=5).status_code == 503


def test_latency_fault(woo, api):
    woo.inject_fault("latency", ORDERS, delay=0.3)
    started = time.monotonic()
    assert api.get(woo.api_url("orders")).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_timeout_after_commit_stores_the_write(woo, api):
    woo.inject_fault("timeout_after_commit", f"{ORDERS}/62", method="PUT", delay=1.0)
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.put(woo.api_url("orders/62"), json={"status": "completed"}, timeout=0.3)
    assert woo.order(62)["status"] == "completed"


def test_drop_after_commit_closes_the_connection(woo, api):
    woo.inject_fault("drop_after_commit", f"{ORDERS}/62/notes", method="POST")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post(woo.api_url("orders/62/notes"), json={"note": "lost answer"}, timeout=5)
    assert [n["note"] for n in woo.notes(62)] == ["lost answer"]


def test_request_log_keeps_what_the_sidecar_wrote(woo, api):
    api.put(woo.api_url("orders/62"), json={"meta_data": [{"key": "k", "value": "v"}]})
    entry = woo.request_log()[-1]
    assert entry["method"] == "PUT" and entry["path"] == f"{ORDERS}/62"
    assert entry["body"] == {"meta_data": [{"key": "k", "value": "v"}]}
    assert entry["status"] == 200 and entry["auth"] == "oauth1"
    assert "oauth_signature=" in entry["query"]
    assert woo.count_calls("PUT", f"{ORDERS}/*") == 1
    woo.clear_request_log()
    assert woo.request_log() == []


def test_reset_restores_the_seed(woo, api):
    api.put(woo.api_url("orders/62"), json={"status": "completed"})
    woo.generate_orders(3)
    woo.inject_fault("status", ORDERS)
    woo.advance_clock(3600)
    woo.reset()
    assert woo.order(62)["status"] == "processing"
    assert len(woo.orders()) == 4
    assert api.get(woo.api_url("orders")).status_code == 200
    assert abs(woo.now() - time.time()) < 5


def test_insert_and_patch_orders(woo, api):
    new_id = woo.insert_order({"status": "processing", "total": "12.10", "line_items": []})
    order = api.get(woo.api_url(f"orders/{new_id}")).json()
    assert new_id > 74 and order["status"] == "processing" and order["number"] == str(new_id)
    assert order["order_key"].startswith("wc_order_")
    woo.advance_clock(120)
    patched = woo.patch_order(new_id, status="completed", note={"note": "Betaald via iDEAL"})
    assert patched["status"] == "completed"
    assert [n["note"] for n in woo.notes(new_id)][-1] == "Betaald via iDEAL"
    fixed = woo.patch_order(new_id, date_modified_gmt="2026-01-01T00:00:00")
    assert fixed["date_modified_gmt"] == "2026-01-01T00:00:00"


def test_generated_orders_add_up_and_page(woo, api):
    new = woo.generate_orders(150, seed=3, start="2026-01-01T00:00:00", end="2026-06-30T00:00:00")
    assert len(new) == 150
    total = api.get(woo.api_url("orders"), params={"per_page": 100})
    assert total.headers["X-WP-Total"] == "154" and total.headers["X-WP-TotalPages"] == "2"
    params = {"after": "2026-03-01T00:00:00", "before": "2026-04-01T00:00:00", "dates_are_gmt": 1}
    march = api.get(woo.api_url("orders"), params={**params, "per_page": 100}).json()
    assert march and all("2026-03" in o["date_created_gmt"] for o in march)
    for order_id in new[:40]:
        order = api.get(woo.api_url(f"orders/{order_id}")).json()
        assert check_arithmetic(order) == Decimal("0.00")  # money is text: parsed as Decimal


def test_generator_is_deterministic_and_varied():
    first = generate_orders(300, seed=11)
    assert first == generate_orders(300, seed=11)
    assert {check_arithmetic(o) for o in first} == {Decimal("0.00")}
    countries = {o["billing"]["country"] for o in first}
    assert {"NL", "BE", "DE", "FR"} <= countries
    assert any(not o["tax_lines"] for o in first)  # reverse charge
    assert any(o["coupon_lines"] for o in first)
    assert any(o["fee_lines"] for o in first)
    # Shipping tax on a half cent: rounded down in the order, up in the line's taxes[].
    half = [o for o in first if o["shipping_total"] == "4.95"]
    assert half and all(o["shipping_tax"] == "1.04" for o in half)


def test_packaged_seeds_are_exact_fixture_copies():
    fixtures = Path(__file__).parents[2] / "data" / "fixtures" / "woocommerce"
    seeds = default_seed_files()
    assert len(seeds) == 4
    for seed in seeds:
        digest = hashlib.sha256(seed.read_bytes()).hexdigest()
        assert digest == hashlib.sha256((fixtures / seed.name).read_bytes()).hexdigest()
