"""Authentication exactly as WooCommerce 10.0.2 does it: every rejection rule has a test."""

from __future__ import annotations

import time

import requests
from requests_oauthlib import OAuth1

from sidecar.emulators.woocommerce import WooConfig
from sidecar.emulators.woocommerce.testing import running_woocommerce
from tests.support.woo_emulator import error, signed_url


def test_oauth_in_the_query_with_hmac_sha256_and_sha1(woo):
    for method in ("HMAC-SHA256", "HMAC-SHA1"):
        response = woo.client(signature_method=method).get(woo.api_url("orders/15"))
        assert response.status_code == 200, response.text
        assert response.json()["id"] == 15
    entry = woo.request_log()[-1]
    assert entry["auth"] == "oauth1" and entry["consumer_key"] == woo.rw.consumer_key


def test_oauth_in_the_authorization_header(woo):
    response = woo.client(signature_type="auth_header").get(woo.api_url("orders"))
    assert response.status_code == 200


def test_bad_signature_is_refused(woo):
    url = signed_url(woo.api_url("orders"), woo.rw)
    tampered = url.replace("oauth_signature=", "oauth_signature=A")
    response = requests.get(tampered, timeout=5)
    assert response.status_code == 401
    assert error(response) == {
        "code": "woocommerce_rest_authentication_error",
        "message": "Invalid signature - provided signature does not match.",
        "data": {"status": 401},
    }


def test_a_signed_parameter_cannot_be_changed(woo):
    url = signed_url(woo.api_url("orders?per_page=5"), woo.rw)
    response = requests.get(url.replace("per_page=5", "per_page=6"), timeout=5)
    assert response.status_code == 401
    assert "does not match" in error(response)["message"]


def test_wrong_secret_fails_the_signature(woo):
    forged = type(woo.rw)(woo.rw.consumer_key, "cs_wrong", "read_write")
    response = woo.client(forged).get(woo.api_url("orders"))
    assert response.status_code == 401
    assert error(response)["message"] == "Invalid signature - provided signature does not match."


def test_unknown_consumer_key(woo):
    stranger = type(woo.rw)("ck_unknown", "cs_unknown")
    response = woo.client(stranger).get(woo.api_url("orders"))
    assert error(response)["message"] == "Consumer key is invalid."


def test_reused_nonce_is_refused(woo):
    url = signed_url(woo.api_url("orders"), woo.rw, nonce="abc123nonce")
    assert requests.get(url, timeout=5).status_code == 200
    replay = requests.get(url, timeout=5)
    assert replay.status_code == 401
    assert error(replay)["message"] == "Invalid nonce - nonce has already been used."


def test_following_the_link_header_replays_the_nonce(woo, api):
    first = api.get(woo.api_url("orders"), params={"per_page": 2})
    next_url = first.links["next"]["url"]
    assert "oauth_nonce=" in next_url  # WooCommerce echoes every query argument
    response = requests.get(next_url, timeout=5)
    assert response.status_code == 401  # page=2 was not signed, and the nonce is spent
    assert error(response)["code"] == "woocommerce_rest_authentication_error"


def test_stale_and_future_timestamps_are_refused(woo):
    now = int(time.time())
    stale = signed_url(woo.api_url("orders"), woo.rw, timestamp=now - 16 * 60)
    future = signed_url(woo.api_url("orders"), woo.rw, timestamp=now + 16 * 60)
    inside = signed_url(woo.api_url("orders"), woo.rw, timestamp=now - 14 * 60)
    for url in (stale, future):
        response = requests.get(url, timeout=5)
        assert response.status_code == 401
        assert error(response)["message"] == "Invalid timestamp."
    assert requests.get(inside, timeout=5).status_code == 200


def test_the_emulator_clock_makes_a_signature_stale(woo):
    url = signed_url(woo.api_url("orders"), woo.rw)
    woo.advance_clock(16 * 60)
    assert error(requests.get(url, timeout=5))["message"] == "Invalid timestamp."


def test_missing_oauth_parameter(woo):
    url = signed_url(woo.api_url("orders"), woo.rw)
    base, query = url.split("?", 1)
    kept = [p for p in query.split("&") if not p.startswith("oauth_nonce=")]
    without = base + "?" + "&".join(kept)
    body = error(requests.get(without, timeout=5))
    assert body["code"] == "woocommerce_rest_authentication_missing_parameter"
    assert body["message"] == "Missing OAuth parameter oauth_nonce"


def test_plaintext_signature_method_is_refused(woo):
    response = woo.client(signature_method="PLAINTEXT").get(woo.api_url("orders"))
    assert error(response)["message"] == "Invalid signature - signature method is invalid."


def test_basic_auth_over_plain_http_is_ignored(woo):
    response = requests.get(
        woo.api_url("orders"), auth=(woo.rw.consumer_key, woo.rw.consumer_secret), timeout=5
    )
    assert response.status_code == 401
    assert error(response)["code"] == "woocommerce_rest_cannot_view"
    query = {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret}
    response = requests.get(woo.api_url("orders/15"), params=query, timeout=5)
    assert error(response) == {
        "code": "woocommerce_rest_cannot_view",
        "message": "Sorry, you cannot view this resource.",
        "data": {"status": 401},
    }


def test_x_forwarded_proto_is_not_honoured(woo):
    response = requests.get(
        woo.api_url("orders"),
        auth=(woo.rw.consumer_key, woo.rw.consumer_secret),
        headers={"X-Forwarded-Proto": "https"},
        timeout=5,
    )
    assert response.status_code == 401


def test_anonymous_calls_get_the_routes_own_401(woo):
    assert error(requests.get(woo.api_url("orders"), timeout=5))["code"] == (
        "woocommerce_rest_cannot_view"
    )
    put = requests.put(woo.api_url("orders/15"), json={"status": "completed"}, timeout=5)
    assert error(put)["code"] == "woocommerce_rest_cannot_edit"
    note = requests.post(woo.api_url("orders/15/notes"), json={"note": "x"}, timeout=5)
    assert error(note)["code"] == "woocommerce_rest_cannot_create"
    batch = requests.post(woo.api_url("orders/batch"), json={"update": []}, timeout=5)
    assert error(batch)["code"] == "woocommerce_rest_cannot_batch"


def test_read_only_key_reads_but_cannot_write(woo):
    reader = woo.client(woo.ro)
    assert reader.get(woo.api_url("orders/15")).status_code == 200
    for response in (
        reader.put(woo.api_url("orders/15"), json={"status": "completed"}),
        reader.post(woo.api_url("orders/15/notes"), json={"note": "x"}),
        reader.post(woo.api_url("orders/batch"), json={"update": [{"id": 15}]}),
    ):
        assert response.status_code == 401
        assert error(response) == {
            "code": "woocommerce_rest_authentication_error",
            "message": "The API key provided does not have write permissions.",
            "data": {"status": 401},
        }
    assert woo.order(15)["status"] == "completed"
    assert woo.notes(15) == []


def test_write_only_key_cannot_read():
    from sidecar.emulators.woocommerce.config import DEFAULT_KEYS, ApiKey

    writer = ApiKey("ck_writer", "cs_writer", "write")
    with running_woocommerce(WooConfig(keys=(*DEFAULT_KEYS, writer))) as woo:
        response = woo.client(writer).get(woo.api_url("orders"))
        assert error(response)["message"] == "The API key provided does not have read permissions."


def test_signatures_are_checked_against_the_home_url():
    config = WooConfig(home_url="http://shop.example")
    with running_woocommerce(config) as woo:
        as_sent = signed_url(woo.api_url("orders"), woo.rw)
        assert requests.get(as_sent, timeout=5).status_code == 401
        as_home = signed_url(
            woo.api_url("orders"), woo.rw, sign_as="http://shop.example/wp-json/wc/v3/orders"
        )
        assert requests.get(as_home, timeout=5).status_code == 200


def test_https_site_accepts_basic_auth_and_query_keys():
    with running_woocommerce(WooConfig(https=True)) as woo:
        basic = (woo.rw.consumer_key, woo.rw.consumer_secret)
        assert requests.get(woo.api_url("orders"), auth=basic, timeout=5).status_code == 200
        query = {"consumer_key": woo.ro.consumer_key, "consumer_secret": woo.ro.consumer_secret}
        assert requests.get(woo.api_url("orders"), params=query, timeout=5).status_code == 200
        wrong = requests.get(
            woo.api_url("orders"), auth=(woo.rw.consumer_key, "cs_nope"), timeout=5
        )
        assert error(wrong)["message"] == "Consumer secret is invalid."
        read_only_write = requests.put(
            woo.api_url("orders/15"),
            json={"status": "completed"},
            auth=(woo.ro.consumer_key, woo.ro.consumer_secret),
            timeout=5,
        )
        assert "write permissions" in error(read_only_write)["message"]
        # OAuth still works on HTTPS, signed against the https home URL.
        session = requests.Session()
        session.auth = OAuth1(
            woo.rw.consumer_key,
            client_secret=woo.rw.consumer_secret,
            signature_method="HMAC-SHA256",
            signature_type="query",
        )
        http_signed = session.get(woo.api_url("orders"))
        assert http_signed.status_code == 401  # signed as http://, the site is https://
