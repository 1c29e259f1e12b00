"""Injected failures: the next N matching calls fail the way Exact (or the network) fails.

Kinds:
- ``status``: answer ``status`` (500, 503, 429, ...) without doing anything; the token endpoint
  gets Apigee's ``ExtractAccessToken`` fault body on 500, as seen in the wild;
- ``latency``: sleep ``delay`` real seconds, then handle the call normally;
- ``timeout_after_commit``: handle the call (the write is stored), then sleep ``delay`` seconds
  before answering, so a client with a shorter timeout never hears the result;
- ``drop_after_commit``: handle the call, then close the connection without an answer.

``path`` is a glob on the URL path (``/api/v1/*/salesorder/SalesOrders``); ``method`` is an HTTP
method or ``*``.
"""

from __future__ import annotations

import fnmatch
import itertools
import random
import threading
from dataclasses import asdict, dataclass

KINDS = {"status", "latency", "timeout_after_commit", "drop_after_commit"}


@dataclass
class Fault:
    id: int
    kind: str
    path: str
    method: str = "*"
    count: int = 1
    status: int = 500
    delay: float = 0.0
    message: str | None = None
    # Below 1: each matching call fails with this probability (a "10 % of calls" soak) until
    # ``count`` failures were handed out; the random source is seeded for repeatable runs.
    probability: float = 1.0

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and fnmatch.fnmatchcase(path, self.path)


class FaultInjector:
    def __init__(self, seed: int = 7) -> None:
        self.lock = threading.Lock()
        self.faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._random = random.Random(seed)

    def add(self, spec: dict) -> Fault:
        kind = spec.get("kind")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}")
        if not isinstance(spec.get("path"), str):
            raise ValueError("path (a glob on the URL path) is required")
        count = int(spec.get("count", 1))
        if count < 1:
            raise ValueError("count must be at least 1")
        fault = Fault(
            id=next(self._ids),
            kind=kind,
            path=spec["path"],
            method=str(spec.get("method", "*")).upper(),
            count=count,
            status=int(spec.get("status", 500)),
            delay=float(spec.get("delay", 0.0)),
            message=spec.get("message"),
            probability=float(spec.get("probability", 1.0)),
        )
        if not 0 < fault.probability <= 1:
            raise ValueError("probability must be in (0, 1]")
        with self.lock:
            self.faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The first matching fault, with one use consumed."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.probability < 1 and self._random.random() >= fault.probability:
                        continue
                    fault.count -= 1
                    if fault.count <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def list(self) -> list[dict]:
        with self.lock:
            return [asdict(fault) for fault in self.faults]

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()
