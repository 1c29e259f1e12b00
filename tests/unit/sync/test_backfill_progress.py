"""The backfill's date check and its ETA: the observed rate once there is one, Exact's budget
(60 calls a minute, 5,000 a day, less the reserve for live orders) before that."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from sidecar.sync.history.backfill import BackfillInputError, eta_seconds, parse_since
from sidecar.sync.history.runs import BackfillRun

START = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
RT = SimpleNamespace(config=SimpleNamespace(exact_reserve_minute=10, exact_reserve_day=500))


def _numbers(**kw: int) -> dict[str, int]:
    return {"waiting": 0, "in_flight": 0, "failed": 0, "done": 0, "posted": 0, **kw}


def _run(**kw) -> BackfillRun:  # noqa: ANN003
    values = {"state": "running", "listed": True, "shop_total": None, "started_at": START}
    return BackfillRun(**{**values, **kw})


@pytest.mark.parametrize("text", ["2026-02-30", "yesterday", "2026-1-1", "", "2026-01-01T00:00"])
def test_since_must_be_a_calendar_date(text: str) -> None:
    with pytest.raises(BackfillInputError) as info:
        parse_since(text, today=date(2026, 11, 21))
    assert info.value.field == "since"


def test_since_may_be_today_but_not_tomorrow() -> None:
    assert parse_since("2026-11-21", today=date(2026, 11, 21)) == date(2026, 11, 21)
    with pytest.raises(BackfillInputError, match="future"):
        parse_since("2026-11-22", today=date(2026, 11, 21))


def test_eta_before_any_order_comes_from_the_budget() -> None:
    # 500 orders x 2 calls at 50 calls a minute (60 less the reserve of 10): 20 minutes.
    assert eta_seconds(RT, _run(), _numbers(waiting=500), now=START) == 1200
    # 5,000 orders need 10,000 calls: two days' budget of 4,500 on top of the minutes.
    assert eta_seconds(RT, _run(), _numbers(waiting=5000), now=START) == 12000 + 2 * 86400


def test_eta_follows_the_observed_rate_and_ignores_orders_found_posted() -> None:
    numbers = _numbers(waiting=300, in_flight=20, done=130, posted=30, failed=0)
    # 100 orders posted in 200 s: 2 s each, 320 left.
    assert eta_seconds(RT, _run(), numbers, now=START + timedelta(seconds=200)) == 640


def test_eta_is_unknown_before_the_first_page_and_zero_when_done() -> None:
    assert eta_seconds(RT, _run(listed=False), _numbers(), now=START) is None
    assert eta_seconds(RT, _run(state="done"), _numbers(done=5), now=START) == 0
    assert eta_seconds(RT, _run(state="failed"), _numbers(done=5), now=START) is None
    unlisted = _run(listed=False, shop_total=1000)
    assert eta_seconds(RT, unlisted, _numbers(waiting=100), now=START) == 2400
