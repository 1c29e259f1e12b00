"""Faults of each kind, the request log, reset, planting orders."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
import requests

from sidecar.emulators.magento.emulator import default_seed_files

SYNC = "/rest/V1/exactsidecar/orders/1234/sync"
BODY = {"sync_state": "posted", "document_number": "25000123", "status": "complete"}


@pytest.mark.parametrize("status", [500, 503, 429])
def test_status_faults(mage, api, status):
    mage.inject_fault("status", SYNC, method="POST", count=2, status=status)
    url = mage.base_url + SYNC
    answers = [api.post(url, json=BODY) for _ in range(3)]
    assert [r.status_code for r in answers] == [status, status, 200]
    if status == 500:
        assert answers[0].json()["message"].startswith("Internal Error.")
    if status == 429:
        assert answers[0].headers["Retry-After"] == "60"
    assert [e["fault"] for e in mage.request_log()] == ["status", "status", None]


def test_latency(mage, api):
    mage.inject_fault("latency", "/rest/V1/orders/*", delay=0.3)
    started = time.monotonic()
    assert api.get(mage.api_url("orders/1234")).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_timeout_after_commit_keeps_the_sync(mage, api):
    mage.inject_fault("timeout_after_commit", SYNC, delay=1.0)
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.post(mage.base_url + SYNC, json={**BODY, "sync_key": "k"}, timeout=0.3)
    assert mage.order(1234)["status"] == "complete"
    retry = api.post(mage.base_url + SYNC, json={**BODY, "sync_key": "k"})
    assert retry.json()["applied"] is False  # the retry with the same key is harmless


def test_drop_after_commit(mage, api):
    mage.inject_fault("drop_after_commit", "/rest/V1/orders/1234/comments")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post(mage.api_url("orders/1234/comments"), json={"statusHistory": {"comment": "x"}})
    assert mage.history(1234)[0]["comment"] == "x"


def test_request_log_reset_insert_patch(mage, api):
    api.post(mage.base_url + SYNC, json=BODY)
    entry = mage.request_log()[-1]
    assert entry["body"] == BODY and entry["consumer_key"] == mage.rw.consumer_key
    assert mage.count_calls("POST", "/rest/V1/exactsidecar/*") == 1
    new_id = mage.insert_order({"status": "pending", "state": "new", "grand_total": 12.1})
    assert api.get(mage.api_url(f"orders/{new_id}")).json()["increment_id"] == f"{new_id:09d}"
    patched = mage.patch_order(
        new_id,
        status="processing",
        state="processing",
        comment="Betaling ontvangen",
        updated_at="2026-12-01 10:00:00",
    )
    assert patched["updated_at"] == "2026-12-01 10:00:00"
    assert patched["status_histories"][0]["comment"] == "Betaling ontvangen"
    mage.advance_clock(3600)
    mage.reset()
    assert [o["entity_id"] for o in mage.orders()] == [1234]
    assert mage.order(1234)["status"] == "processing" and mage.link(1234) is None
    assert mage.request_log() == []


def test_packaged_seed_is_the_fixture_copy():
    fixtures = Path(__file__).parents[2] / "data" / "fixtures" / "magento"
    for seed in default_seed_files():
        digest = hashlib.sha256(seed.read_bytes()).hexdigest()
        assert digest == hashlib.sha256((fixtures / seed.name).read_bytes()).hexdigest()
