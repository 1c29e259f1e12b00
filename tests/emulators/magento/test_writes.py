"""Comments (2.4.7+: no status change) and the module's sync route: validation, idempotency."""

from __future__ import annotations

import pytest
import requests

from sidecar.emulators.magento import MagentoConfig
from sidecar.emulators.magento.testing import running_magento

SYNC = "exactsidecar/orders/1234/sync"
POSTED = {
    "sync_state": "posted",
    "document_type": "sales_invoice",
    "document_number": "25000123",
    "status": "complete",
    "sync_key": "push:1234:1",
}


def sync(api, mage, body: dict, order_id: int = 1234) -> requests.Response:
    return api.post(mage.api_url(f"exactsidecar/orders/{order_id}/sync"), json=body)


def test_comment_is_added_but_the_status_does_not_change(mage, api):
    body = {
        "statusHistory": {
            "comment": "Factuur 25000123 in Exact",
            "status": "complete",
            "is_customer_notified": 0,
            "parent_id": 1234,
        }
    }
    response = api.post(mage.api_url("orders/1234/comments"), json=body)
    assert response.status_code == 200 and response.json() is True
    order = mage.order(1234)
    assert order["status"] == "processing"  # magento/magento2#38723
    assert order["updated_at"] == "2026-11-20 09:15:41"
    assert order["status_histories"][0]["comment"] == "Factuur 25000123 in Exact"
    assert order["status_histories"][0]["status"] == "complete"


def test_before_2_4_7_comments_changed_the_status():
    with running_magento(MagentoConfig(comments_change_status=True)) as mage:
        body = {"statusHistory": {"comment": "x", "status": "complete"}}
        mage.client().post(mage.api_url("orders/1234/comments"), json=body)
        assert mage.order(1234)["status"] == "complete"


def test_comment_validation(mage, api):
    url = mage.api_url("orders/1234/comments")
    missing = api.post(url, json={"comment": "x"})
    assert missing.status_code == 400
    assert missing.json()["parameters"] == {"fieldName": "statusHistory"}
    unknown = api.post(url, json={"statusHistory": {"comment": "x", "colour": "red"}})
    assert unknown.status_code == 400
    assert unknown.json()["parameters"][:2] == ["colour", "getColour"]
    assert api.post(url, json={"statusHistory": {"status": "x"}}).status_code == 400
    bad_int = api.post(url, json={"statusHistory": {"comment": "x", "is_customer_notified": "no"}})
    assert bad_int.status_code == 400
    assert (
        api.post(
            mage.api_url("orders/999/comments"), json={"statusHistory": {"comment": "x"}}
        ).status_code
        == 404
    )


def test_sync_applies_once_with_one_comment(mage, api):
    first = sync(api, mage, POSTED)
    assert first.status_code == 200
    assert first.json() == {
        "order_id": 1234,
        "applied": True,
        "state": "processing",
        "status": "complete",
        "sync_state": "posted",
        "document_number": "25000123",
        "message": "Applied.",
    }
    history = mage.history(1234)
    assert history[0]["comment"] == "Exact Online: sales_invoice 25000123 created."
    assert history[0]["status"] == "complete"
    updated = mage.order(1234)["updated_at"]
    assert updated > "2026-11-20 09:15:41"
    mage.advance_clock(60)
    again = sync(api, mage, POSTED)
    assert again.json()["applied"] is False
    assert again.json()["message"] == "This sync_key was already applied."
    same_new_key = sync(api, mage, {**POSTED, "sync_key": "push:1234:2"})
    assert same_new_key.json()["applied"] is False
    assert same_new_key.json()["message"] == "Nothing to change."
    assert len(mage.history(1234)) == 2
    assert mage.order(1234)["updated_at"] == updated
    assert mage.link(1234)["last_sync_key"] == "push:1234:2"


def test_sync_camel_case_custom_comment_and_state(mage, api):
    body = {
        "syncState": "posted",
        "documentNumber": 25000124,
        "state": "complete",
        "status": "complete",
        "comment": "Betaald in Exact",
    }
    answer = sync(api, mage, body).json()
    assert answer["state"] == "complete" and answer["document_number"] == "25000124"
    assert mage.history(1234)[0]["comment"] == "Betaald in Exact"


def test_failure_then_recovery_clears_the_error(mage, api):
    failed = {
        "sync_state": "failed",
        "error_message": "VAT code 21 missing",
        "resolution": "Map tax rate NL-21 under Settings > VAT",
    }
    assert sync(api, mage, failed).json()["applied"] is True
    assert mage.history(1234)[0]["comment"] == "Exact Online: sync failed: VAT code 21 missing"
    assert mage.link(1234)["resolution"].startswith("Map tax rate")
    assert mage.order(1234)["status"] == "processing"
    sync(api, mage, {"sync_state": "posted"})
    link = mage.link(1234)
    assert link["sync_state"] == "posted" and link["error_message"] is None
    assert len(mage.history(1234)) == 2  # a link-only change adds no comment


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"status": "shipped"}, 'Status "%1" is not allowed for Exact pushback; allowed: %2.'),
        ({"state": "done"}, 'State "%1" is not a Magento order state.'),
        ({"sync_state": "ok"}, 'sync_state "%1" is not one of: %2.'),
        ({"document_type": "x" * 33}, "%1 is longer than %2 characters."),
        ({"comment": "a\x01b"}, "A field contains control characters or is not UTF-8."),
    ],
)
def test_sync_validation(mage, api, body, message):
    response = sync(api, mage, body)
    assert response.status_code == 400
    assert response.json()["message"] == message
    assert mage.link(1234) is None and len(mage.history(1234)) == 1


def test_sync_status_list_follows_the_module_setting():
    with running_magento(MagentoConfig(allowed_pushback_statuses=("complete",))) as mage:
        response = sync(mage.client(), mage, {"status": "processing"})
        assert response.json()["parameters"] == ["processing", "complete"]


def test_sync_unknown_order_and_array_values(mage, api):
    assert sync(api, mage, POSTED, order_id=999).status_code == 404
    response = sync(api, mage, {"document_number": ["a"]})
    assert response.status_code == 400
    assert response.json()["parameters"] == {"value": "array", "type": "string"}
