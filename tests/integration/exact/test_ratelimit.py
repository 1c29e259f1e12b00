"""The shared budget with 8 concurrent workers against the emulator's real limits."""

import threading
import time

import pytest

from sidecar.exact.client import ExactClient
from sidecar.exact.errors import RateLimited
from sidecar.exact.ratelimit import PRIORITY_BACKGROUND, PRIORITY_ORDERS, Budget, Reserve
from tests.support.exact import oauth_dance

LIMIT = 20
WINDOW = 3
pytestmark = pytest.mark.exact_emulator(minute_limit=LIMIT, window_seconds=WINDOW)


def _run_workers(rt, shop_id: str, priority: str, calls_each: int, workers: int = 8) -> dict:
    """Each worker makes `calls_each` calls; a RateLimited error re-queues it for the wait the
    budget names (the test sleeps where the job system would schedule)."""
    stats = {"ok": 0, "limited": 0}
    lock = threading.Lock()

    def work() -> None:
        client = ExactClient(rt, shop_id, priority=priority)
        done = 0
        while done < calls_each:
            try:
                client.first("vat/VATCodes", "Code", "Code eq '21'")
                done += 1
                with lock:
                    stats["ok"] += 1
            except RateLimited as exc:
                with lock:
                    stats["limited"] += 1
                time.sleep(exc.seconds)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return stats


def _log(exact) -> list[dict]:
    return [e for e in exact.request_log() if e["endpoint"] == "vat/VATCodes"]


def test_eight_workers_share_the_budget_without_429s(client, exact_runtime, exact, live, shop):
    oauth_dance(client, live)
    stats = _run_workers(exact_runtime, shop.id, PRIORITY_ORDERS, calls_each=6)
    calls = _log(exact)
    assert stats["ok"] == 48
    assert [c for c in calls if c["status"] == 429] == [], "no 429 once the budget is known"
    assert stats["limited"] > 0, "the budget held calls back instead of sending them"
    windows: dict[int, int] = {}
    for c in calls:
        windows[int(c["time"] // WINDOW)] = windows.get(int(c["time"] // WINDOW), 0) + 1
    assert max(windows.values()) <= LIMIT


def test_background_calls_leave_the_order_reserve(client, exact_runtime, exact, live, shop):
    oauth_dance(client, live)
    reserve = exact_runtime.config.exact_reserve_minute
    budget = ExactClient(exact_runtime, shop.id, priority=PRIORITY_BACKGROUND)
    # learn the budget, then let background work use all it may in this window
    for _ in range(LIMIT):
        try:
            budget.first("vat/VATCodes", "Code", "Code eq '21'")
        except RateLimited as exc:
            assert "reserved for orders" in str(exc)
            break
    snapshot = budget.budget.snapshot()
    assert snapshot["m_rem"] == reserve
    orders = ExactClient(exact_runtime, shop.id, priority=PRIORITY_ORDERS)
    for _ in range(reserve):
        orders.first("vat/VATCodes", "Code", "Code eq '9'")
    with pytest.raises(RateLimited) as info:
        orders.first("vat/VATCodes", "Code", "Code eq '0'")
    assert 0 < info.value.seconds <= WINDOW + 1
    assert [c for c in _log(exact) if c["status"] == 429] == []


def test_budget_corrections_keep_the_lower_count(runtime) -> None:
    budget = Budget(runtime.redis, "app", 1, Reserve(0, 0))
    now_ms = int(time.time() * 1000)
    reset = now_ms + 30_000
    budget.observe(
        200,
        {
            "X-RateLimit-Minutely-Remaining": "10",
            "X-RateLimit-Minutely-Reset": str(reset),
            "X-RateLimit-Minutely-Limit": "60",
        },
    )
    tickets = [budget.acquire() for _ in range(4)]
    assert budget.snapshot()["m_rem"] == 6
    # an answer sent before our last calls arrived says 8: keep 6 (calls still in flight)
    budget.observe(
        200,
        {"X-RateLimit-Minutely-Remaining": "8", "X-RateLimit-Minutely-Reset": str(reset)},
        tickets.pop(),
    )
    assert budget.snapshot()["m_rem"] == 6
    for ticket in tickets:
        budget.release(ticket)
    # a later window, with nothing in flight, resets the count from the header
    budget.observe(
        200,
        {"X-RateLimit-Minutely-Remaining": "59", "X-RateLimit-Minutely-Reset": str(reset + 60_000)},
    )
    assert budget.snapshot()["m_rem"] == 59
    # an old window's answer arriving late changes nothing
    budget.observe(
        200, {"X-RateLimit-Minutely-Remaining": "1", "X-RateLimit-Minutely-Reset": str(reset)}
    )
    assert budget.snapshot()["m_rem"] == 59


def test_a_429_spends_the_window_and_names_the_wait(runtime) -> None:
    budget = Budget(runtime.redis, "app", 2, Reserve(0, 0))
    reset = int(time.time() * 1000) + 20_000
    wait = budget.observe(
        429, {"X-RateLimit-Minutely-Remaining": "0", "X-RateLimit-Minutely-Reset": str(reset)}
    )
    assert 19 < wait < 21
    with pytest.raises(RateLimited) as info:
        budget.acquire()
    assert 19 < info.value.seconds < 21 and info.value.counts is False


def test_day_budget_and_its_reserve(runtime) -> None:
    budget = Budget(runtime.redis, "app", 3, Reserve(minute=0, day=100))
    reset = int(time.time() * 1000) + 3_600_000
    budget.observe(
        200,
        {
            "X-RateLimit-Remaining": "100",
            "X-RateLimit-Reset": str(reset),
            "X-RateLimit-Limit": "5000",
        },
    )
    with pytest.raises(RateLimited, match="day budget"):
        budget.acquire(PRIORITY_BACKGROUND)
    budget.acquire(PRIORITY_ORDERS)
    assert budget.snapshot()["d_rem"] == 99


def test_window_rollover_restores_the_limit(runtime) -> None:
    budget = Budget(runtime.redis, "app", 4, Reserve(0, 0))
    reset = int(time.time() * 1000) + 200
    budget.observe(
        200,
        {
            "X-RateLimit-Minutely-Remaining": "0",
            "X-RateLimit-Minutely-Reset": str(reset),
            "X-RateLimit-Minutely-Limit": "60",
        },
    )
    with pytest.raises(RateLimited):
        budget.acquire()
    time.sleep(0.6)
    budget.acquire()
    assert budget.snapshot()["m_rem"] == 59


def test_a_late_answer_from_a_renewed_window_does_not_renew_it_again(runtime) -> None:
    """A call sent just before the reset and answered just after it carries the old window's
    figures; taking them as current would let the next call renew the window a second time and
    send up to twice the limit (seen as a 429 with eight workers)."""
    budget = Budget(runtime.redis, "app", 5, Reserve(0, 0))
    old_reset = int(time.time() * 1000) + 100
    headers = {"X-RateLimit-Minutely-Reset": str(old_reset), "X-RateLimit-Minutely-Limit": "60"}
    budget.observe(200, {**headers, "X-RateLimit-Minutely-Remaining": "3"})
    time.sleep(0.5)
    budget.acquire()  # the window rolls over locally: 59 left
    budget.observe(200, {**headers, "X-RateLimit-Minutely-Remaining": "1"})  # the late answer
    budget.acquire()
    assert budget.snapshot()["m_rem"] == 58


def test_calls_in_flight_are_taken_from_a_newly_learnt_window(runtime) -> None:
    """Eight workers start before any answer: the first answer says 19 left, but seven calls are
    still on their way and will land in the same window, so only 12 may follow."""
    budget = Budget(runtime.redis, "app", 6, Reserve(0, 0))
    tickets = [budget.acquire() for _ in range(8)]
    reset = str(int(time.time() * 1000) + 30_000)
    first = {"X-RateLimit-Minutely-Remaining": "19", "X-RateLimit-Minutely-Reset": reset}
    budget.observe(200, {**first, "X-RateLimit-Minutely-Limit": "20"}, tickets[0])
    assert budget.snapshot()["m_rem"] == 12
    # the others' answers, in the same window, change nothing that was already lower
    for left, ticket in zip(range(18, 11, -1), tickets[1:], strict=True):
        budget.observe(
            200,
            {"X-RateLimit-Minutely-Remaining": str(left), "X-RateLimit-Minutely-Reset": reset},
            ticket,
        )
    assert budget.snapshot()["m_rem"] == 12
    # a call that ended without an answer no longer counts against the next window
    lost = budget.acquire()
    budget.release(lost)
    later = str(int(reset) + 30_000)
    budget.observe(
        200,
        {"X-RateLimit-Minutely-Remaining": "19", "X-RateLimit-Minutely-Reset": later},
        budget.acquire(),
    )
    assert budget.snapshot()["m_rem"] == 19


def test_a_local_rollover_counts_the_calls_still_in_flight(runtime) -> None:
    """Three calls sent just before the reset are unanswered when the window renews locally:
    Exact may count them in the new window, so the renewed budget starts three lower."""
    budget = Budget(runtime.redis, "app", 7, Reserve(0, 0))
    reset = int(time.time() * 1000) + 200
    budget.observe(
        200,
        {
            "X-RateLimit-Minutely-Remaining": "10",
            "X-RateLimit-Minutely-Reset": str(reset),
            "X-RateLimit-Minutely-Limit": "60",
        },
    )
    flying = [budget.acquire() for _ in range(3)]
    time.sleep(0.6)
    budget.acquire()  # renews the window: 60 - 3 in flight - this call
    assert budget.snapshot()["m_rem"] == 56
    for ticket in flying:
        budget.release(ticket)


def test_a_call_without_a_token_is_not_left_in_flight(
    client, exact_runtime, live, shop, monkeypatch
) -> None:
    """The access token cannot be had (here: a programming error inside it): the call's
    ticket ends at once, so the next window the budget learns is not shortened by it."""
    from sidecar.exact import auth

    oauth_dance(client, live)

    def broken(*_args: object) -> str:
        raise KeyError("no token")

    monkeypatch.setattr(auth, "access_token", broken)
    api = ExactClient(exact_runtime, shop.id)
    with pytest.raises(KeyError):
        api.first("vat/VATCodes", "Code", "Code eq '21'")
    assert exact_runtime.redis.zcard(api.budget.flight) == 0
