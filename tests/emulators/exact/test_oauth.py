"""OAuth as Exact runs it: consent, codes, 600 s tokens, the 570 s rule, rotation, expiry."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import REDIRECT_URI, running_emulator
from tests.support.exact_emulator import Api


def test_authorize_redirects_with_code_and_state(exact):
    response = requests.get(
        f"{exact.base_url}/api/oauth2/auth",
        params={
            "client_id": exact.config.client_id,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "state": "xyz 123",
            "force_login": "0",
        },
        allow_redirects=False,
        timeout=5,
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["xyz 123"]
    assert "!" in query["code"][0]  # Exact's codes carry '!' and arrive URL-encoded
    assert "!" not in location  # ... which is why the client must URL-decode them


def test_authorize_refuses_unknown_client_and_foreign_redirect(exact):
    base = {"redirect_uri": REDIRECT_URI, "response_type": "code"}
    wrong_client = requests.get(
        f"{exact.base_url}/api/oauth2/auth",
        params={**base, "client_id": "nope"},
        allow_redirects=False,
        timeout=5,
    )
    assert wrong_client.status_code == 400
    foreign = requests.get(
        f"{exact.base_url}/api/oauth2/auth",
        params={**base, "client_id": exact.config.client_id, "redirect_uri": "https://evil.test/"},
        allow_redirects=False,
        timeout=5,
    )
    assert foreign.status_code == 400


def test_code_exchange_gives_string_expires_in(exact):
    code = exact.authorize()
    response = exact.token_request(
        grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI
    )
    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == "600"
    assert isinstance(body["expires_in"], str)
    assert body["token_type"].lower() == "bearer"
    assert body["access_token"] and body["refresh_token"]


def test_code_is_single_use(exact):
    code = exact.authorize()
    first = exact.token_request(
        grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI
    )
    again = exact.token_request(
        grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI
    )
    assert first.status_code == 200
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_request"


def test_code_expires_after_three_minutes(exact):
    code = exact.authorize()
    exact.advance_clock(181)
    response = exact.token_request(
        grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI
    )
    assert response.status_code == 400


def test_code_exchange_checks_secret_and_redirect(exact):
    code = exact.authorize()
    bad_secret = exact.token_request(
        grant_type="authorization_code",
        code=code,
        redirect_uri=REDIRECT_URI,
        client_secret="wrong",
    )
    assert bad_secret.status_code == 400
    code = exact.authorize()
    bad_redirect = exact.token_request(
        grant_type="authorization_code", code=code, redirect_uri="http://127.0.0.1:9/other"
    )
    assert bad_redirect.status_code == 400


def test_refresh_before_570_seconds_is_401(exact):
    tokens = exact.tokens()
    exact.advance_clock(569)
    early = exact.token_request(grant_type="refresh_token", refresh_token=tokens.refresh_token)
    assert early.status_code == 401
    assert "Access Token not expired" in early.text
    exact.advance_clock(2)
    on_time = exact.token_request(grant_type="refresh_token", refresh_token=tokens.refresh_token)
    assert on_time.status_code == 200, on_time.text
    assert on_time.json()["refresh_token"] != tokens.refresh_token  # rotated
    assert on_time.json()["access_token"] != tokens.access_token


def test_reused_refresh_token_breaks_the_chain(exact):
    tokens = exact.tokens()
    exact.advance_clock(570)
    second = exact.token_request(grant_type="refresh_token", refresh_token=tokens.refresh_token)
    assert second.status_code == 200
    newest = second.json()["refresh_token"]
    exact.advance_clock(570)
    stale = exact.token_request(grant_type="refresh_token", refresh_token=tokens.refresh_token)
    assert stale.status_code == 400
    assert "Old refresh token used" in stale.json()["error_description"]
    # The chain is broken: even the newest refresh token no longer works.
    after = exact.token_request(grant_type="refresh_token", refresh_token=newest)
    assert after.status_code == 400


def test_refresh_token_dies_after_30_days(exact):
    tokens = exact.tokens()
    exact.advance_clock(30 * 86400 + 1)
    response = exact.token_request(grant_type="refresh_token", refresh_token=tokens.refresh_token)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_request"
    assert body["error_description"].startswith("The refresh token expired at ")


def test_access_token_expires_after_600_seconds(exact):
    api = Api(exact, exact.tokens().access_token)
    assert api.get("crm/Accounts", **{"$select": "ID"}).status_code == 200
    exact.advance_clock(600)
    expired = api.get("crm/Accounts", **{"$select": "ID"})
    assert expired.status_code == 401
    assert expired.json()["error"]["message"]["value"] == "Unauthorized"


def test_api_calls_need_a_bearer_token(exact):
    url = exact.api_url(100001, "crm/Accounts")
    headers = {"Accept": "application/json"}
    assert requests.get(url, headers=headers, timeout=5).status_code == 401
    garbage = requests.get(url, headers={**headers, "Authorization": "Bearer nope"}, timeout=5)
    assert garbage.status_code == 401
    me = requests.get(exact.api_url(None, "current/Me"), headers=headers, timeout=5)
    assert me.status_code == 401


def test_token_calls_are_capped_per_day():
    with running_emulator(EmulatorConfig(token_day_limit=2)) as exact:
        exact.tokens()
        exact.tokens()
        code = exact.authorize()
        third = exact.token_request(
            grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI
        )
        assert third.status_code == 400
        exact.advance_clock(86400)
        assert exact.tokens().access_token
