"""The error tree every flow raises, so the job runner can decide between retry and failure.

Rule 3 of the architecture: an error is either retryable (the job comes back at a computed time,
never by sleeping in a worker) or permanent (the link is marked failed and the activity log gets a
resolution a shop owner can act on). Nothing else may escape a flow.
"""

from __future__ import annotations


class SidecarError(Exception):
    """Base of the errors flows raise on purpose."""


class RetryableError(SidecarError):
    """Try again later: network trouble, 5xx, 429, a busy lock, an expired budget.

    ``seconds`` is when to come back, if the cause says so (a rate-limit reset, a lock's expiry);
    ``None`` lets the retry policy back off exponentially. Errors with a known wait (``counts`` is
    False) do not use up the entity's attempts, because waiting for a budget is not a failure.
    """

    def __init__(self, message: str, seconds: float | None = None, counts: bool = True) -> None:
        super().__init__(message)
        self.seconds = seconds
        self.counts = counts


class PermanentError(SidecarError):
    """Retrying will not help until somebody changes something; ``resolution`` says what."""

    def __init__(self, message: str, resolution: str) -> None:
        super().__init__(message)
        self.resolution = resolution


class NothingToDo(SidecarError):
    """The work was already done (for example the order is posted); the job ends quietly."""
