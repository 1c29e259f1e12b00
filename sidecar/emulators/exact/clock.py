"""The emulator's adjustable clock.

Token lifetimes, the 570-second refresh rule and rate-limit windows are all minutes long; tests
move this clock forward instead of sleeping. Real time still flows underneath, so the offset only
ever grows.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

# Exact stores and returns dates in Dutch local time (reference §3.3, Airbyte's finding).
EXACT_ZONE = ZoneInfo("Europe/Amsterdam")


class Clock:
    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds since the epoch (UTC), including every advance so far."""
        with self._lock:
            return time.time() + self._offset

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("the emulator clock only moves forward")
        with self._lock:
            self._offset += seconds
            return time.time() + self._offset

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0

    def utcnow(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=UTC)

    def local_now(self) -> datetime:
        """Naive Dutch local time, the form Exact keeps in Created/Modified and dates."""
        return self.utcnow().astimezone(EXACT_ZONE).replace(tzinfo=None, microsecond=0)
