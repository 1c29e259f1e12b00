"""The test OAuth app registered with the Exact emulator, the division shops connect to, and the
OAuth dance a shop owner's browser performs to connect a shop to Exact through the sidecar.

Shared by the Exact integration tests and the end-to-end tests; the emulator fixtures built on
these constants are in ``tests.support.exact_fixtures``."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

CLIENT_ID = "6a1c3f4e-0000-4000-8000-00000000e3ac"
CLIENT_SECRET = "test-client-secret"
WEBHOOK_SECRET = "test-webhook-secret"
DIVISION = 100001  # the emulator's first administration, the one the OAuth dance picks


def oauth_dance(
    client,
    live: str,
    division: int | None = None,  # noqa: ANN001
    return_url: str = "https://shop.example.nl/wp-admin/exact",
) -> requests.Response:
    """Everything a shop owner's browser does: connect -> Exact consent -> our callback ->
    (the administration page) -> back to the shop. Returns the final redirect response."""
    started = client.post("/api/v1/shop/exact/connect", {"return_url": return_url})
    assert started.status_code == 200, started.text
    browser = requests.Session()
    callback = consent(browser, started.json()["authorize_url"])
    assert callback.startswith(live + "/oauth/exact/callback")
    page = browser.get(callback, allow_redirects=False, timeout=30)
    if page.status_code in (302, 303):
        return page
    assert page.status_code == 200, page.text
    token = page.text.split('name="token" value="')[1].split('"')[0]
    chosen = browser.post(
        live + "/oauth/exact/division",
        data={"token": token, "division": str(division or DIVISION)},
        allow_redirects=False,
        timeout=10,
    )
    return chosen


def consent(browser: requests.Session, authorize_url: str) -> str:
    """The browser's way to Exact's consent and back: the sidecar's start page (which leaves its
    cookie in ``browser``), then Exact, which answers with the callback URL to go to."""
    start = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert start.status_code in (302, 303), start.text
    assert browser.cookies.get("exact_sidecar_oauth"), "the start page binds the browser"
    exact = browser.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert exact.status_code in (302, 303), exact.text
    return exact.headers["Location"]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)
