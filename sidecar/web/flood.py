"""Per-shop flood protection: a token bucket per shop in each web process.

A misbehaving plugin (a retry loop without backoff, a replayed outbox) must not crowd out the
other shops a sidecar serves. The bucket lives in process memory, so it costs nothing on the hot
path; with N gunicorn processes a shop may reach N times the configured rate, which is still a
ceiling. The answer is CONTRACT.md's 429 with Retry-After, which the plugins honour.
"""

from __future__ import annotations

import math
import threading
import time


class FloodGuard:
    def __init__(self, rate_per_second: float, burst: float | None = None) -> None:
        self.rate = rate_per_second
        self.burst = burst if burst is not None else 2 * rate_per_second
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def admit(self, shop_id: str, now: float | None = None) -> float:
        """0 when the request may proceed, else the seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, stamp = self._buckets.get(shop_id, (self.burst, now))
            tokens = min(self.burst, tokens + (now - stamp) * self.rate)
            if tokens >= 1:
                self._buckets[shop_id] = (tokens - 1, now)
                return 0.0
            self._buckets[shop_id] = (tokens, now)
            return (1 - tokens) / self.rate


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
