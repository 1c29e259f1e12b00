"""Integration OAuth as Magento 2.4 checks it; every rejection rule has a test."""

from __future__ import annotations

import time

import requests

from sidecar.emulators.magento import MagentoConfig
from sidecar.emulators.magento.testing import running_magento
from tests.support.magento_emulator import signed_get

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."


def test_signed_request_reads_an_order(mage, api):
    response = api.get(mage.api_url("orders/1234"))
    assert response.status_code == 200
    assert response.json()["increment_id"] == "000001234"
    entry = mage.request_log()[-1]
    assert entry["auth"] == "oauth1" and entry["consumer_key"] == mage.rw.consumer_key


def test_store_code_prefix(mage, api):
    assert api.get(f"{mage.base_url}/rest/default/V1/orders/1234").status_code == 200
    response = api.get(f"{mage.base_url}/rest/nl_shop/V1/orders/1234")
    assert response.status_code == 400
    assert response.json()["message"] == "Requested store is not found"


def test_hmac_sha1_is_refused(mage):
    response = mage.client(signature_method="HMAC-SHA1").get(mage.api_url("orders/1234"))
    assert response.status_code == 400
    assert response.json() == {
        "message": "Signature method %1 is not supported",
        "parameters": ["HMAC-SHA1"],
    }


def test_bad_signature(mage):
    response = signed_get(mage.api_url("orders/1234"), mage.rw, token_secret="x" * 32)
    assert response.status_code == 401
    assert response.json() == {"message": "The signature is invalid. Verify and try again."}


def test_query_arguments_are_signed(mage):
    url = mage.api_url("orders?searchCriteria%5BpageSize%5D=5")
    client_url = url.replace("pageSize%5D=5", "pageSize%5D=6")
    assert requests.get(client_url, headers=_headers(mage, url), timeout=5).status_code == 401
    assert requests.get(url, headers=_headers(mage, url), timeout=5).status_code == 200
    raw = mage.api_url("orders?searchCriteria[pageSize]=5")  # curl sends brackets unencoded
    assert requests.get(raw, headers=_headers(mage, url), timeout=5).status_code == 200


def _headers(mage, url: str) -> dict:
    from oauthlib.oauth1 import Client

    i = mage.rw
    client = Client(
        i.consumer_key,
        client_secret=i.consumer_secret,
        resource_owner_key=i.access_token,
        resource_owner_secret=i.access_token_secret,
        signature_method="HMAC-SHA256",
    )
    _uri, headers, _ = client.sign(url, http_method="GET")
    return headers


def test_reused_nonce_and_a_bad_signature_still_spends_its_nonce(mage):
    first = signed_get(mage.api_url("orders/1234"), mage.rw, nonce="n1")
    assert first.status_code == 200
    again = signed_get(mage.api_url("orders/1234"), mage.rw, nonce="n1")
    assert again.status_code == 401
    assert again.json() == {
        "message": "The nonce is already being used by the consumer with ID %1",
        "parameters": ["1"],
    }
    wrong = signed_get(mage.api_url("orders/1234"), mage.rw, nonce="n2", token_secret="y" * 32)
    assert wrong.status_code == 401
    assert signed_get(mage.api_url("orders/1234"), mage.rw, nonce="n2").status_code == 401


def test_future_and_stale_timestamps(mage):
    now = int(time.time())
    for stamp in (now + 700, now - 700):
        response = signed_get(mage.api_url("orders/1234"), mage.rw, timestamp=stamp)
        assert response.status_code == 400
        assert response.json()["message"] == (
            "Incorrect timestamp value in the oauth_timestamp parameter"
        )
    assert signed_get(mage.api_url("orders/1234"), mage.rw, timestamp=now - 500).status_code == 200


def test_unknown_consumer_and_token(mage):
    stranger = type(mage.rw)("x", "a" * 32, "b" * 32, mage.rw.access_token, "c" * 32)
    assert signed_get(mage.api_url("orders/1234"), stranger).json()["message"] == (
        "A consumer having the specified key does not exist"
    )
    forged = type(mage.rw)("y", mage.rw.consumer_key, mage.rw.consumer_secret, "d" * 32, "e" * 32)
    assert signed_get(mage.api_url("orders/1234"), forged).json()["message"] == (
        "Specified token does not exist"
    )
    borrowed = type(mage.rw)(
        "z",
        mage.rw.consumer_key,
        mage.rw.consumer_secret,
        mage.ro.access_token,
        mage.ro.access_token_secret,
    )
    assert signed_get(mage.api_url("orders/1234"), borrowed).json()["message"] == (
        "Token is not associated with the specified consumer"
    )
    short = type(mage.rw)("s", mage.rw.consumer_key, mage.rw.consumer_secret, "short", "f" * 32)
    assert signed_get(mage.api_url("orders/1234"), short).status_code == 400


def test_missing_oauth_parameter(mage):
    header = (
        f'OAuth oauth_consumer_key="{mage.rw.consumer_key}", oauth_signature_method="HMAC-SHA256",'
        ' oauth_signature="x", oauth_nonce="n", oauth_timestamp="1"'
    )
    response = requests.get(
        mage.api_url("orders/1234"), headers={"Authorization": header}, timeout=5
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": '"%fieldName" is required. Enter and try again.',
        "parameters": {"fieldName": "oauth_token"},
    }


def test_anonymous_and_bearer_are_not_authorized(mage):
    anonymous = requests.get(mage.api_url("orders/1234"), timeout=5)
    assert anonymous.status_code == 401
    assert anonymous.json() == {
        "message": NOT_AUTHORIZED,
        "parameters": {"resources": "Magento_Sales::actions_view"},
    }
    bearer = {"Authorization": f"Bearer {mage.rw.access_token}"}
    assert requests.get(mage.api_url("orders/1234"), headers=bearer, timeout=5).status_code == 401


def test_bearer_works_only_when_the_shop_enables_it():
    with running_magento(MagentoConfig(integration_as_bearer=True)) as mage:
        bearer = {"Authorization": f"Bearer {mage.rw.access_token}"}
        assert (
            requests.get(mage.api_url("orders/1234"), headers=bearer, timeout=5).status_code == 200
        )


def test_read_only_integration_cannot_comment_or_sync(mage):
    reader = mage.client(mage.ro)
    assert reader.get(mage.api_url("orders/1234")).status_code == 200
    comment = reader.post(
        mage.api_url("orders/1234/comments"), json={"statusHistory": {"comment": "x"}}
    )
    assert comment.status_code == 401
    assert comment.json()["parameters"] == {"resources": "Magento_Sales::comment"}
    sync = reader.post(mage.api_url("exactsidecar/orders/1234/sync"), json={"status": "complete"})
    assert sync.status_code == 401
    assert sync.json()["parameters"] == {"resources": "ExactSidecar_Connector::pushback"}
    assert mage.history(1234)[0]["comment"].startswith("Captured")


def test_unknown_route(mage, api):
    for response in (api.get(mage.api_url("orderz")), api.delete(mage.api_url("orders/1234"))):
        assert response.status_code == 404
        assert response.json() == {"message": "Request does not match any route."}
