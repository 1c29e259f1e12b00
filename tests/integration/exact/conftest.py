"""Fixtures for the Exact client: the strict emulator over real HTTP, a runtime pointed at it, and
a shop connected through the real OAuth dance."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import EmulatorHandle, running_emulator

CLIENT_ID = "6a1c3f4e-0000-4000-8000-00000000e3ac"
CLIENT_SECRET = "test-client-secret"
WEBHOOK_SECRET = "test-webhook-secret"


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return EmulatorConfig(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, webhook_secret=WEBHOOK_SECRET
    )


@pytest.fixture
def exact(emulator_config: EmulatorConfig) -> Iterator[EmulatorHandle]:
    with running_emulator(emulator_config) as handle:
        yield handle


@pytest.fixture
def exact_runtime(runtime, exact: EmulatorHandle, live: str):  # noqa: ANN001, ANN201
    """The test runtime, configured for the emulator; the live sidecar is its public URL."""
    runtime.config = replace(
        runtime.config,
        exact_client_id=CLIENT_ID,
        exact_client_secret=CLIENT_SECRET,
        exact_webhook_secret=WEBHOOK_SECRET,
        exact_base_url=exact.base_url,
        public_url=live,
        exact_reserve_minute=5,
        exact_reserve_day=50,
    )
    return runtime


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
    consent = browser.get(started.json()["authorize_url"], allow_redirects=False, timeout=10)
    assert consent.status_code in (302, 303), consent.text
    callback = consent.headers["Location"]
    assert callback.startswith(live + "/oauth/exact/callback")
    page = browser.get(callback, allow_redirects=False, timeout=30)
    if page.status_code in (302, 303):
        return page
    assert page.status_code == 200, page.text
    token = page.text.split('name="token" value="')[1].split('"')[0]
    chosen = browser.post(
        live + "/oauth/exact/division",
        data={"token": token, "division": str(division or 100001)},
        allow_redirects=False,
        timeout=10,
    )
    return chosen


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)
