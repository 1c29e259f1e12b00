from sidecar.web.flood import FloodGuard, retry_after


def test_bucket_allows_the_burst_then_paces() -> None:
    guard = FloodGuard(rate_per_second=10, burst=5)
    assert [guard.admit("a", now=0.0) for _ in range(5)] == [0.0] * 5
    wait = guard.admit("a", now=0.0)
    assert abs(wait - 0.1) < 1e-9
    assert guard.admit("b", now=0.0) == 0.0, "another shop has its own bucket"
    assert guard.admit("a", now=0.2) == 0.0, "tokens come back at the rate"
    assert retry_after(0.1) == "1" and retry_after(2.2) == "3"


def test_zero_rate_turns_it_off() -> None:
    guard = FloodGuard(rate_per_second=0)
    assert all(guard.admit("a", now=0.0) == 0.0 for _ in range(1000))
