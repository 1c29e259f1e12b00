"""Every call the emulator answered, so tests and benchmarks can count calls per endpoint."""

from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass


@dataclass
class LoggedRequest:
    seq: int
    method: str
    path: str
    query: str
    endpoint: str | None  # e.g. "salesorder/SalesOrders", "oauth2/token", "current/Me"
    division: int | None
    status: int
    time: float  # emulator clock, epoch seconds
    counted: bool  # counted against the rate limits
    fault: str | None


class RequestLog:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[LoggedRequest] = []
        self._seq = itertools.count(1)

    def add(self, **fields: object) -> None:
        with self.lock:
            self.entries.append(LoggedRequest(seq=next(self._seq), **fields))  # type: ignore[arg-type]

    def list(self, since: int = 0) -> list[dict]:
        with self.lock:
            return [asdict(entry) for entry in self.entries if entry.seq > since]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
