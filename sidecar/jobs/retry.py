"""When to try again. Jobs never sleep: a retry is a new job scheduled for a computed time.

A wait named by the cause (a rate-limit reset, a lock expiry) is used as given and does not use up
attempts. Otherwise the wait doubles from 30 seconds to a 6-hour cap with +-20% jitter, so a fleet
of orders failing together (Exact down) does not come back as one thundering herd; after
``MAX_ATTEMPTS`` (about 30 hours in all) the entity fails permanently with a resolution.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sidecar.errors import PermanentError, RetryableError

BASE_SECONDS = 30.0
CAP_SECONDS = 6 * 3600.0
MAX_ATTEMPTS = 12
BUSY_SECONDS = 5.0


@dataclass(frozen=True)
class Decision:
    delay: float
    attempt: int


def backoff_seconds(
    attempt: int,
    rng: random.Random | None = None,
    base: float = BASE_SECONDS,
    cap: float = CAP_SECONDS,
) -> float:
    wait = min(base * (2**attempt), cap)
    return wait * (rng or random).uniform(0.8, 1.2)


def decide(
    error: RetryableError,
    attempt: int,
    rng: random.Random | None = None,
    base: float = BASE_SECONDS,
    cap: float = CAP_SECONDS,
) -> Decision:
    """The next run for a retryable error, or PermanentError once attempts are used up."""
    if not error.counts and error.seconds is not None:
        return Decision(max(error.seconds, 0.0), attempt)
    if attempt + 1 >= MAX_ATTEMPTS:
        raise PermanentError(
            f"Gave up after {MAX_ATTEMPTS} attempts: {error}",
            "Check the sidecar's connection to Exact Online and the shop, then press Retry.",
        )
    delay = error.seconds if error.seconds is not None else backoff_seconds(attempt, rng, base, cap)
    return Decision(max(delay, 0.0), attempt + 1)
