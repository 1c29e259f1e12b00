import random

import pytest

from sidecar.errors import PermanentError, RetryableError
from sidecar.jobs import retry


def test_backoff_doubles_with_jitter_and_caps() -> None:
    rng = random.Random(7)
    for attempt in range(20):
        base = min(retry.BASE_SECONDS * 2**attempt, retry.CAP_SECONDS)
        value = retry.backoff_seconds(attempt, rng)
        assert 0.8 * base <= value <= 1.2 * base


def test_known_wait_is_used_as_given_and_does_not_count() -> None:
    decision = retry.decide(RetryableError("429", seconds=42.5, counts=False), attempt=5)
    assert decision == retry.Decision(42.5, 5)


def test_counting_error_with_wait_uses_wait_and_counts() -> None:
    assert retry.decide(RetryableError("busy", seconds=3), attempt=2) == retry.Decision(3, 3)


def test_attempts_run_out_into_a_permanent_error_with_resolution() -> None:
    with pytest.raises(PermanentError) as info:
        retry.decide(RetryableError("503 from Exact"), attempt=retry.MAX_ATTEMPTS - 1)
    assert "503 from Exact" in str(info.value)
    assert "Retry" in info.value.resolution


def test_cap_bounds_every_wait() -> None:
    rng = random.Random(3)
    waits = [retry.backoff_seconds(a, rng, base=1, cap=8) for a in range(12)]
    assert max(waits) <= 8 * 1.2
    assert waits[-1] >= 8 * 0.8, "late attempts wait the cap, not less"
    decision = retry.decide(RetryableError("503"), attempt=10, rng=rng, base=1, cap=8)
    assert decision.attempt == 11 and decision.delay <= 9.6
