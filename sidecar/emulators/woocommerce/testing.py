"""Run the WooCommerce stand-in in-process for tests: real HTTP on 127.0.0.1, a free port, a thread.

Helpers go through the documented ``/_emulator/`` endpoints, so a test exercises the same surface
a manual session would; ``state`` is there for assertions that need to look inside. ``client()``
gives a ``requests.Session`` that signs like the sidecar should (OAuth 1.0a one-legged over
plain HTTP, HMAC-SHA256, parameters in the query), for tests that only need a working caller.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from requests_oauthlib import OAuth1

from sidecar.emulators.serving import serve_in_thread

from .app import create_app
from .config import ApiKey, WooConfig
from .emulator import WooEmulator
from .jsonout import dumps
from .store import ShopState


class WooHandle:
    """A running stand-in: its URL, its keys, and helpers over the control endpoints."""

    def __init__(self, base_url: str, config: WooConfig, emulator: WooEmulator) -> None:
        self.base_url = base_url
        self.config = config
        self.emulator = emulator
        self.session = requests.Session()
        self.rw = next(k for k in config.keys if k.permissions == "read_write")
        self.ro = next(k for k in config.keys if k.permissions == "read")

    @property
    def state(self) -> ShopState:
        return self.emulator.state

    @property
    def api_base(self) -> str:
        """The REST root the sidecar is given as the shop URL + ``/wp-json/wc/v3``."""
        return f"{self.base_url}/wp-json/wc/v3"

    def api_url(self, path: str) -> str:
        return f"{self.api_base}/{path.lstrip('/')}"

    def client(
        self,
        key: ApiKey | None = None,
        *,
        signature_method: str = "HMAC-SHA256",
        signature_type: str = "query",
    ) -> requests.Session:
        """A session that signs every request with OAuth 1.0a one-legged (no token)."""
        key = key or self.rw
        session = requests.Session()
        session.auth = OAuth1(
            key.consumer_key,
            client_secret=key.consumer_secret,
            signature_method=signature_method,
            signature_type=signature_type,
        )
        return session

    # -- control endpoints ------------------------------------------------------------------------
    def _control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        if "json" in kwargs:
            kwargs["data"] = dumps(kwargs.pop("json"))
            kwargs["headers"] = {"Content-Type": "application/json"}
        response = self.session.request(
            method, f"{self.base_url}/_emulator/{path}", timeout=10, **kwargs
        )
        response.raise_for_status()
        return response

    def advance_clock(self, seconds: float) -> float:
        return self._control("POST", "clock", json={"advance": seconds}).json()["now"]

    def now(self) -> float:
        return self._control("GET", "clock").json()["now"]

    def inject_fault(
        self,
        kind: str,
        path: str,
        *,
        method: str = "*",
        count: int = 1,
        status: int = 500,
        delay: float = 0.0,
        message: str | None = None,
    ) -> dict[str, Any]:
        """kind: status | latency | timeout_after_commit | drop_after_commit; path is a glob."""
        spec: dict[str, Any] = {"kind": kind, "path": path, "method": method, "count": count}
        spec.update({"status": status, "delay": delay})
        if message is not None:
            spec["message"] = message
        return self._control("POST", "faults", json=spec).json()

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    def request_log(self, since: int = 0) -> list[dict[str, Any]]:
        return self._control("GET", "requests", params={"since": since}).json()["requests"]

    def clear_request_log(self) -> None:
        self._control("DELETE", "requests")

    def count_calls(self, method: str | None = None, path: str | None = None) -> int:
        """Calls answered, by method and a glob on the path (``/wp-json/wc/v3/orders/*``)."""
        return sum(
            1
            for entry in self.request_log()
            if (method is None or entry["method"] == method)
            and (path is None or fnmatch.fnmatchcase(entry["path"], path))
        )

    def reset(self) -> None:
        self._control("POST", "reset")

    def insert_order(self, order: dict[str, Any]) -> int:
        """Plant one REST-shaped order (missing fields get a bare order's values); its id."""
        return self._control("POST", "orders", json={"order": order}).json()["ids"][0]

    def insert_orders(self, orders: list[dict[str, Any]]) -> list[int]:
        return self._control("POST", "orders", json={"orders": orders}).json()["ids"]

    def generate_orders(
        self, count: int, *, seed: int = 1, start: str | None = None, end: str | None = None
    ) -> list[int]:
        """Add ``count`` realistic orders created between ``start`` and ``end`` (ISO, UTC)."""
        spec: dict[str, Any] = {"count": count, "seed": seed, "start": start, "end": end}
        return self._control("POST", "orders", json={"generate": spec}).json()["ids"]

    def patch_order(self, order_id: int, **changes: Any) -> dict[str, Any]:
        """status=, fields={}, meta_data=[...], note={...}, date_modified_gmt=, touch=True."""
        return self._control("PATCH", f"orders/{order_id}", json=changes).json()["order"]

    def refund_lines(
        self, order_id: int, line_item_ids: list[int], *, shipping: bool = False, reason: str = ""
    ) -> dict[str, Any]:
        """Refund whole lines (and the shipping) as the shop owner would; the refund's JSON."""
        body = {"line_items": line_item_ids, "shipping": shipping, "reason": reason}
        return self._control("POST", f"orders/{order_id}/refunds", json=body).json()["refund"]

    def orders(self) -> list[dict[str, Any]]:
        return self._control("GET", "orders").json()["orders"]

    def order(self, order_id: int) -> dict[str, Any]:
        return self._control("GET", f"orders/{order_id}").json()["order"]

    def notes(self, order_id: int) -> list[dict[str, Any]]:
        """Every note of the order, oldest first (WooCommerce's own notes included)."""
        return self._control("GET", f"orders/{order_id}").json()["notes"]

    def refunds(self, order_id: int) -> list[dict[str, Any]]:
        return self._control("GET", f"orders/{order_id}").json()["refunds"]

    def meta(self, order_id: int) -> dict[str, Any]:
        """The order's meta as key -> value (the first value when a key repeats)."""
        result: dict[str, Any] = {}
        for item in self.order(order_id)["meta_data"]:
            result.setdefault(item["key"], item["value"])
        return result


@contextmanager
def running_woocommerce(config: WooConfig | None = None) -> Iterator[WooHandle]:
    config = config or WooConfig()
    app = create_app(config)
    with serve_in_thread(app, "woocommerce-emulator") as base_url:
        handle = WooHandle(base_url, config, app.extensions["woocommerce_emulator"])
        try:
            yield handle
        finally:
            handle.session.close()
