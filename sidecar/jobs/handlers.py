"""Which flow handles which entity kind: a plain dict registry filled by the flows.

A handler receives the runtime, the shop id, the entity id and the entity's pending events (oldest
first) and raises the errors in ``sidecar.errors``; the task around it records outcomes. Adding a
flow is one ``register`` call in its module plus an import in ``load_flows``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[[Any, str, str, list[Any]], None]

HANDLERS: dict[str, Handler] = {}
# Modules whose import registers handlers; later flows add themselves here.
FLOW_MODULES: tuple[str, ...] = (
    "sidecar.sync.orders.flow",
    "sidecar.sync.customers.flow",
    "sidecar.sync.pushback.status",
)


def register(kind: str) -> Callable[[Handler], Handler]:
    def wrap(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return wrap


def load_flows() -> None:
    import importlib

    for name in FLOW_MODULES:
        importlib.import_module(name)
