"""Per-division limits, Exact's X-RateLimit-* headers, 429s, and the error block."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import EmulatorHandle, running_emulator
from tests.support.exact_emulator import D1, D2, Api

SELECT = {"$select": "ID"}
MINUTELY = {
    "X-RateLimit-Minutely-Limit",
    "X-RateLimit-Minutely-Remaining",
    "X-RateLimit-Minutely-Reset",
}
DAILY = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}


def limit_headers(response) -> set[str]:
    return {name for name in response.headers if name.startswith("X-RateLimit")}


@pytest.fixture(scope="module")
def small() -> Iterator[EmulatorHandle]:
    config = EmulatorConfig(minute_limit=3, day_limit=5, window_seconds=60)
    with running_emulator(config) as handle:
        yield handle


@pytest.fixture
def limited(small: EmulatorHandle) -> Api:
    small.reset()
    # Start at the beginning of a fresh window so the test never straddles a boundary.
    now = small.advance_clock(0)
    small.advance_clock(60 - now % 60 + 1)
    return Api(small, small.tokens().access_token)


def test_division_calls_carry_all_rate_limit_headers(api):
    response = api.get("crm/Accounts", **SELECT)
    assert limit_headers(response) == MINUTELY | DAILY
    assert response.headers["X-RateLimit-Minutely-Limit"] == "60"
    assert response.headers["X-RateLimit-Limit"] == "5000"
    assert response.headers["X-RateLimit-Minutely-Remaining"] == "59"
    assert response.headers["X-RateLimit-Remaining"] == "4999"
    minute_reset = int(response.headers["X-RateLimit-Minutely-Reset"])
    day_reset = int(response.headers["X-RateLimit-Reset"])
    assert minute_reset % 60000 == 0  # epoch milliseconds, next whole minute
    assert day_reset % 86400000 == 0  # next midnight UTC
    now_ms = api.handle.advance_clock(0) * 1000
    assert 0 < minute_reset - now_ms <= 60000
    assert 0 < day_reset - now_ms <= 86400000


def test_current_me_is_not_counted_and_has_no_headers(api):
    me = api.get("current/Me", division=None)
    assert me.status_code == 200
    assert limit_headers(me) == set()
    assert me.json()["d"]["results"][0]["CurrentDivision"] == D1
    after = api.get("crm/Accounts", **SELECT)
    assert after.headers["X-RateLimit-Minutely-Remaining"] == "59"
    log = api.handle.request_log()
    me_entry = next(e for e in log if e["endpoint"] == "current/Me")
    assert me_entry["counted"] is False
    assert me_entry["division"] is None


def test_minute_exhaustion_sends_only_minutely_headers_then_429(limited):
    first = limited.get("crm/Accounts", **SELECT)
    assert first.headers["X-RateLimit-Minutely-Remaining"] == "2"
    limited.get("crm/Accounts", **SELECT)
    last = limited.get("crm/Accounts", **SELECT)
    assert last.status_code == 200
    assert limit_headers(last) == MINUTELY
    assert last.headers["X-RateLimit-Minutely-Remaining"] == "0"
    refused = limited.get("crm/Accounts", **SELECT)
    assert refused.status_code == 429
    assert limit_headers(refused) == MINUTELY
    assert refused.headers["X-RateLimit-Minutely-Remaining"] == "0"
    log = limited.handle.request_log()
    assert [e["counted"] for e in log if e["endpoint"] == "crm/Accounts"] == [
        True,
        True,
        True,
        False,
    ]


def test_limits_are_per_division(limited):
    for _ in range(3):
        assert limited.get("crm/Accounts", **SELECT).status_code == 200
    assert limited.get("crm/Accounts", **SELECT).status_code == 429
    other = limited.get("crm/Accounts", division=D2, **SELECT)
    assert other.status_code == 200
    assert other.headers["X-RateLimit-Minutely-Remaining"] == "2"


def test_next_window_restores_the_minute_budget(limited):
    for _ in range(3):
        limited.get("crm/Accounts", **SELECT)
    assert limited.get("crm/Accounts", **SELECT).status_code == 429
    limited.handle.advance_clock(60)
    again = limited.get("crm/Accounts", **SELECT)
    assert again.status_code == 200
    assert again.headers["X-RateLimit-Remaining"] == "1"  # the day keeps counting


def test_day_exhaustion_sends_only_daily_headers(limited):
    for _ in range(3):
        limited.get("crm/Accounts", **SELECT)
    limited.handle.advance_clock(60)
    fourth = limited.get("crm/Accounts", **SELECT)
    assert fourth.headers["X-RateLimit-Remaining"] == "1"
    fifth = limited.get("crm/Accounts", **SELECT)
    assert limit_headers(fifth) == DAILY
    refused = limited.get("crm/Accounts", **SELECT)
    assert refused.status_code == 429
    assert limit_headers(refused) == DAILY
    limited.handle.advance_clock(86400)
    fresh = Api(limited.handle, limited.handle.tokens().access_token)  # the old token expired
    assert fresh.get("crm/Accounts", **SELECT).status_code == 200


def test_more_than_ten_errors_per_hour_block_the_endpoint(api):
    for _ in range(11):
        assert api.post("crm/Accounts", {"Nonsense": 1}).status_code == 400
    blocked = api.post("crm/Accounts", {"Name": "Fine now"})
    assert blocked.status_code == 403
    assert "blocked" in blocked.json()["error"]["message"]["value"]
    assert api.get("crm/Contacts", **SELECT).status_code == 200  # other endpoints still work
    api.handle.advance_clock(3601)
    fresh = Api(api.handle, api.handle.tokens().access_token)  # the old token expired
    assert fresh.post("crm/Accounts", {"Name": "Fine now"}).status_code == 201
