"""Per-division, per-app rate limits with Exact's headers, and the error block.

Windows are aligned to the clock (a minute runs from :00 to :00, the day from 00:00 UTC), and
the reset headers are epoch milliseconds. While the minutely limit is exhausted, including on
the 429 itself, only the minutely headers are sent; while the daily one is exhausted only the
daily ones (reference §2.1).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from .clock import Clock
from .config import EmulatorConfig
from .errors import ExactError

DAY = 86400
HOUR = 3600


@dataclass
class Verdict:
    allowed: bool
    headers: dict[str, str]


class RateLimiter:
    def __init__(self, config: EmulatorConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.lock = threading.Lock()
        self.minute: dict[tuple[str, int], tuple[float, int]] = {}  # -> (window start, used)
        self.day: dict[tuple[str, int], tuple[float, int]] = {}
        self.errors: dict[tuple[str, int, str], list[float]] = {}
        self.blocked_until: dict[tuple[str, int, str], float] = {}

    def _window(self, now: float, length: float) -> float:
        return math.floor(now / length) * length

    def consume(self, client_id: str, division: int) -> Verdict:
        now = self.clock.now()
        key = (client_id, division)
        minute_len = self.config.window_seconds
        with self.lock:
            m_start = self._window(now, minute_len)
            d_start = self._window(now, DAY)
            m_used = self.minute.get(key, (m_start, 0))
            d_used = self.day.get(key, (d_start, 0))
            m_count = m_used[1] if m_used[0] == m_start else 0
            d_count = d_used[1] if d_used[0] == d_start else 0
            m_reset = int((m_start + minute_len) * 1000)
            d_reset = int((d_start + DAY) * 1000)
            minutely = {
                "X-RateLimit-Minutely-Limit": str(self.config.minute_limit),
                "X-RateLimit-Minutely-Reset": str(m_reset),
            }
            daily = {
                "X-RateLimit-Limit": str(self.config.day_limit),
                "X-RateLimit-Reset": str(d_reset),
            }
            if d_count >= self.config.day_limit:
                return Verdict(False, {**daily, "X-RateLimit-Remaining": "0"})
            if m_count >= self.config.minute_limit:
                return Verdict(False, {**minutely, "X-RateLimit-Minutely-Remaining": "0"})
            m_count += 1
            d_count += 1
            self.minute[key] = (m_start, m_count)
            self.day[key] = (d_start, d_count)
            m_left = self.config.minute_limit - m_count
            d_left = self.config.day_limit - d_count
            minutely["X-RateLimit-Minutely-Remaining"] = str(m_left)
            daily["X-RateLimit-Remaining"] = str(d_left)
            if m_left == 0:
                return Verdict(True, minutely)
            if d_left == 0:
                return Verdict(True, daily)
            return Verdict(True, {**daily, **minutely})

    # -- error block ------------------------------------------------------------------------
    def check_block(self, client_id: str, division: int, endpoint: str) -> None:
        until = self.blocked_until.get((client_id, division, endpoint))
        if until is not None and self.clock.now() < until:
            # Exact blocks an API key after > 10 errors per endpoint per hour (reference §1.4);
            # the status of the block answer is UNCONFIRMED: ``error_block_status``.
            raise ExactError(
                self.config.error_block_status,
                "Forbidden: this endpoint is temporarily blocked for this app after too many "
                "errors in the last hour.",
            )

    def record_error(self, client_id: str, division: int, endpoint: str) -> None:
        limit = self.config.error_block_limit
        if limit is None:
            return
        now = self.clock.now()
        key = (client_id, division, endpoint)
        with self.lock:
            recent = [t for t in self.errors.get(key, []) if now - t < HOUR] + [now]
            self.errors[key] = recent
            if len(recent) > limit:
                self.blocked_until[key] = now + HOUR

    def reset(self) -> None:
        with self.lock:
            self.minute.clear()
            self.day.clear()
            self.errors.clear()
            self.blocked_until.clear()
