"""Run the Magento stand-in in-process for tests: real HTTP on 127.0.0.1, a free port, a thread.

``client()`` gives a ``requests.Session`` signing like the sidecar should (OAuth 1.0a,
HMAC-SHA256, the integration's consumer and access token, in the Authorization header); the
other helpers go through the documented ``/_emulator/`` endpoints.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from requests_oauthlib import OAuth1

from sidecar.emulators.serving import serve_in_thread
from sidecar.emulators.woocommerce.jsonout import dumps

from .app import create_app
from .config import Integration, MagentoConfig
from .emulator import MagentoEmulator
from .store import MagentoState


class MagentoHandle:
    def __init__(self, base_url: str, config: MagentoConfig, emulator: MagentoEmulator) -> None:
        self.base_url = base_url
        self.config = config
        self.emulator = emulator
        self.session = requests.Session()
        self.rw = next(
            i for i in config.integrations if "ExactSidecar_Connector::pushback" in i.resources
        )
        self.ro = next(
            i for i in config.integrations if "Magento_Sales::comment" not in i.resources
        )

    @property
    def state(self) -> MagentoState:
        return self.emulator.state

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/rest/V1"

    def api_url(self, path: str) -> str:
        return f"{self.api_base}/{path.lstrip('/')}"

    def credentials(self, integration: Integration | None = None) -> dict[str, str]:
        """What the module hands the sidecar (POST /api/v1/shop/credentials)."""
        i = integration or self.rw
        return {
            "consumer_key": i.consumer_key,
            "consumer_secret": i.consumer_secret,
            "access_token": i.access_token,
            "access_token_secret": i.access_token_secret,
        }

    def client(
        self, integration: Integration | None = None, *, signature_method: str = "HMAC-SHA256"
    ) -> requests.Session:
        i = integration or self.rw
        session = requests.Session()
        session.auth = OAuth1(
            i.consumer_key,
            client_secret=i.consumer_secret,
            resource_owner_key=i.access_token,
            resource_owner_secret=i.access_token_secret,
            signature_method=signature_method,
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
        return sum(
            1
            for entry in self.request_log()
            if (method is None or entry["method"] == method)
            and (path is None or fnmatch.fnmatchcase(entry["path"], path))
        )

    def reset(self) -> None:
        self._control("POST", "reset")

    def insert_order(self, order: dict[str, Any]) -> int:
        return self._control("POST", "orders", json={"order": order}).json()["ids"][0]

    def insert_orders(self, orders: list[dict[str, Any]]) -> list[int]:
        return self._control("POST", "orders", json={"orders": orders}).json()["ids"]

    def generate_orders(
        self, count: int, *, seed: int = 1, start: str | None = None, end: str | None = None
    ) -> list[int]:
        """``count`` realistic orders created between ``start`` and ``end`` ("Y-m-d H:i:s" UTC)."""
        spec: dict[str, Any] = {"count": count, "seed": seed, "start": start, "end": end}
        return self._control("POST", "orders", json={"generate": spec}).json()["ids"]

    def patch_order(self, order_id: int, **changes: Any) -> dict[str, Any]:
        """status=, state=, fields={}, comment="...", updated_at="Y-m-d H:i:s", touch=True."""
        return self._control("PATCH", f"orders/{order_id}", json=changes).json()["order"]

    def orders(self) -> list[dict[str, Any]]:
        return self._control("GET", "orders").json()["orders"]

    def order(self, order_id: int) -> dict[str, Any]:
        return self._control("GET", f"orders/{order_id}").json()["order"]

    def history(self, order_id: int) -> list[dict[str, Any]]:
        """status_histories, newest first (Magento's order)."""
        return self.order(order_id)["status_histories"]

    def link(self, order_id: int) -> dict[str, Any] | None:
        """The module's exact_sidecar_order row for the order (None before the first sync)."""
        return self._control("GET", f"orders/{order_id}").json()["link"]


@contextmanager
def running_magento(config: MagentoConfig | None = None) -> Iterator[MagentoHandle]:
    config = config or MagentoConfig()
    app = create_app(config)
    with serve_in_thread(app, "magento-emulator") as base_url:
        handle = MagentoHandle(base_url, config, app.extensions["magento_emulator"])
        try:
            yield handle
        finally:
            handle.session.close()
