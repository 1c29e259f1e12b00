"""Every call the stand-in answered, with the body a writer sent, for assertions on pushback."""

from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass
from typing import Any

BODY_LIMIT = 64 * 1024


@dataclass
class LoggedRequest:
    seq: int
    method: str
    path: str
    query: str
    status: int
    time: float  # emulator clock, epoch seconds
    auth: str | None  # "basic" | "oauth1" | None
    consumer_key: str | None
    fault: str | None
    body: Any  # parsed JSON of a write, or its text; None for reads


class RequestLog:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[LoggedRequest] = []
        self._seq = itertools.count(1)

    def add(self, **fields: Any) -> None:
        with self.lock:
            self.entries.append(LoggedRequest(seq=next(self._seq), **fields))

    def list(self, since: int = 0) -> list[dict[str, Any]]:
        with self.lock:
            return [asdict(entry) for entry in self.entries if entry.seq > since]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
