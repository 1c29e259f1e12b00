"""The whole OAuth dance against the emulator over real HTTP, and what may go wrong in it."""

import time

import requests
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.exact.connections import read_tokens
from sidecar.exact.models import Connection
from tests.support.exact import consent, oauth_dance, query_of


def _connection(runtime) -> Connection | None:
    with runtime.db.session() as session:
        return session.scalar(select(Connection))


def test_full_dance_picks_the_chosen_division_and_stores_tokens_encrypted(
    client, exact_runtime, exact, live
) -> None:
    final = oauth_dance(client, live, division=100002)
    assert final.status_code in (302, 303)
    assert final.headers["Location"].startswith("https://shop.example.nl/wp-admin/exact")
    assert query_of(final.headers["Location"])["exact"] == ["connected"]
    conn = _connection(exact_runtime)
    assert conn.state == "connected" and conn.division == 100002 and conn.region == "nl"
    pair = read_tokens(conn, exact_runtime.box)
    assert conn.access_token_enc.startswith("f1:") and conn.refresh_token_enc.startswith("f1:")
    assert pair.access_token not in conn.access_token_enc
    assert pair.refresh_token not in conn.refresh_token_enc
    me = requests.get(
        exact.api_url(None, "current/Me"),
        timeout=10,
        headers={"Authorization": f"Bearer {pair.access_token}", "Accept": "application/json"},
    )
    assert me.status_code == 200, "the stored token is one the emulator issued"
    status = client.get("/api/v1/shop").json()["exact"]
    assert status == {
        "connected": True,
        "needs_reauth": False,
        "region": "nl",
        "division": 100002,
        "division_name": status["division_name"],
    }
    assert status["division_name"]
    with exact_runtime.db.session() as session:
        lines = [a.message for a in session.scalars(select(Activity))]
    assert any("administration 100002" in line for line in lines)
    assert exact.count_calls("GET", "system/Divisions") == 1


def test_connect_refuses_a_return_url_outside_the_shop(client, exact_runtime) -> None:
    response = client.post(
        "/api/v1/shop/exact/connect", {"return_url": "https://evil.example.com/steal"}
    )
    assert response.status_code == 400
    assert "return_url" in response.json()["error"]["fields"]
    bad_region = client.post(
        "/api/v1/shop/exact/connect", {"return_url": "https://shop.example.nl/x", "region": "mars"}
    )
    assert bad_region.status_code == 400 and "region" in bad_region.json()["error"]["fields"]


def test_connect_without_app_configuration_says_what_is_missing(client, runtime) -> None:
    response = client.post(
        "/api/v1/shop/exact/connect", {"return_url": "https://shop.example.nl/x"}
    )
    assert response.status_code == 409
    assert "SIDECAR_EXACT_CLIENT_ID" in response.json()["error"]["message"]


def test_state_is_signed_single_use_and_expires(client, exact_runtime, exact, live) -> None:
    import requests

    started = client.post(
        "/api/v1/shop/exact/connect", {"return_url": "https://shop.example.nl/x"}
    ).json()
    browser = requests.Session()
    callback = consent(browser, started["authorize_url"])
    tampered = callback.replace("state=", "state=x")
    assert browser.get(tampered, allow_redirects=False, timeout=10).status_code == 400
    elsewhere = requests.get(callback, allow_redirects=False, timeout=10)  # another browser
    assert elsewhere.status_code == 400 and "browser that started it" in elsewhere.text
    first = browser.get(callback, allow_redirects=False, timeout=30)
    assert first.status_code in (200, 302, 303)
    again = browser.get(callback, allow_redirects=False, timeout=10)
    assert again.status_code == 400 and "expired" in again.text
    from sidecar.exact.auth import open_state, sign_state

    old = sign_state(exact_runtime, {"s": "shp_x", "r": "nl", "u": "https://a"}, ttl=-1)
    assert open_state(exact_runtime, old) is None
    # A state that is not ours at all (not even ASCII) is a 400 page, not a 500.
    strange = requests.get(live + "/oauth/exact/callback?code=x&state=a.%C3%A9", timeout=10)
    assert strange.status_code == 400, strange.text


def test_reused_code_is_refused_without_storing_anything(client, exact_runtime, exact, live):
    import requests

    started = client.post(
        "/api/v1/shop/exact/connect", {"return_url": "https://shop.example.nl/x"}
    ).json()
    code = query_of(consent(requests.Session(), started["authorize_url"]))["code"][0]
    from sidecar.exact.auth import exchange_code
    from sidecar.exact.errors import ExactPermanent

    exchange_code(exact_runtime, "nl", code)
    try:
        exchange_code(exact_runtime, "nl", code)
        raise AssertionError("a used code must be refused")
    except ExactPermanent as exc:
        assert exc.status == 400


def test_denied_consent_returns_to_the_shop(client, exact_runtime, live) -> None:
    import requests

    from sidecar.exact.auth import sign_state

    state = sign_state(exact_runtime, {"s": "shp_x", "r": "nl", "u": "https://shop.example.nl/a"})
    browser = requests.Session()
    browser.get(f"{live}/oauth/exact/start", params={"state": state}, allow_redirects=False)
    response = browser.get(
        f"{live}/oauth/exact/callback",
        params={"error": "access_denied", "state": state},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    assert query_of(response.headers["Location"])["exact"] == ["denied"]


def test_disconnect_forgets_tokens(client, exact_runtime, exact, live) -> None:
    oauth_dance(client, live)
    assert client.post("/api/v1/shop/exact/disconnect").json() == {"status": "disconnected"}
    conn = _connection(exact_runtime)
    assert conn.state == "disconnected" and conn.access_token_enc is None
    assert client.get("/api/v1/shop").json()["exact"]["connected"] is False
    later = int(time.time()) + 1  # a second request (the same signed one would be a replay)
    again = client.post("/api/v1/shop/exact/disconnect", timestamp=later)
    assert again.json() == {"status": "not_connected"}
