"""Run the emulator in-process for tests: a real HTTP server on 127.0.0.1, a free port, a thread.

Helpers go through the documented ``/_emulator/`` endpoints (not through Python internals), so
a test exercises the same surface a benchmark or a manual session would; ``state`` is there for
assertions that need to look inside.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from sidecar.emulators.serving import serve_in_thread

from .app import create_emulator_app
from .config import EmulatorConfig
from .emulator import Emulator
from .state import EmulatorState

REDIRECT_URI = "http://127.0.0.1:9/oauth/exact"


@dataclass
class Tokens:
    access_token: str
    refresh_token: str
    expires_in: str
    raw: dict[str, Any] = field(default_factory=dict)


class EmulatorHandle:
    def __init__(self, base_url: str, config: EmulatorConfig, emulator: Emulator) -> None:
        self.base_url = base_url
        self.config = config
        self.emulator = emulator
        self.session = requests.Session()

    @property
    def state(self) -> EmulatorState:
        return self.emulator.state

    # -- control endpoints ------------------------------------------------------------------------
    def _control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        response = self.session.request(
            method, f"{self.base_url}/_emulator/{path}", timeout=10, **kwargs
        )
        response.raise_for_status()
        return response

    def advance_clock(self, seconds: float) -> float:
        return self._control("POST", "clock", json={"advance": seconds}).json()["now"]

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
        probability: float = 1.0,
    ) -> dict[str, Any]:
        """kind: status | latency | timeout_after_commit | drop_after_commit (see faults.py)."""
        spec = {"kind": kind, "path": path, "method": method, "count": count, "status": status}
        spec["delay"] = delay
        spec["probability"] = probability
        if message is not None:
            spec["message"] = message
        return self._control("POST", "faults", json=spec).json()

    def set_options(self, **options: Any) -> dict[str, Any]:
        """Change an administration setting of the running emulator (``vat_arithmetic``)."""
        return self._control("PUT", "options", json=options).json()

    def request_log(self, since: int = 0) -> list[dict[str, Any]]:
        return self._control("GET", "requests", params={"since": since}).json()["requests"]

    def count_calls(self, method: str | None = None, endpoint: str | None = None) -> int:
        return sum(
            1
            for entry in self.request_log()
            if (method is None or entry["method"] == method)
            and (endpoint is None or entry["endpoint"] == endpoint)
        )

    def reset(self) -> None:
        self._control("POST", "reset")

    def webhook_deliveries(self) -> list[dict[str, Any]]:
        return self._control("GET", "webhooks").json()["deliveries"]

    def records(self, division: int, endpoint: str) -> list[dict[str, Any]]:
        params = {"division": division, "endpoint": endpoint}
        return self._control("GET", "records", params=params).json()["records"]

    def insert_record(self, division: int, endpoint: str, record: dict[str, Any]) -> dict:
        body = {"division": division, "endpoint": endpoint, "record": record}
        return self._control("POST", "records", json=body).json()

    def insert_records(self, division: int, endpoint: str, records: list[dict[str, Any]]) -> list:
        body = {"division": division, "endpoint": endpoint, "records": records}
        return self._control("POST", "records", json=body).json()["records"]

    def patch_record(self, division: int, endpoint: str, key: Any, fields: dict[str, Any]) -> dict:
        body = {"division": division, "endpoint": endpoint, "key": key, "fields": fields}
        return self._control("PATCH", "records", json=body).json()

    def pay_invoice(self, division: int, invoice_number: int, amount: str | None = None) -> dict:
        body = {"division": division, "InvoiceNumber": invoice_number, "Amount": amount}
        return self._control("POST", "payments", json=body).json()

    def set_stock(
        self, division: int, item: str, quantity: str, warehouse: str | None = None
    ) -> dict:
        body = {
            "division": division,
            "Item": item,
            "CurrentStock": quantity,
            "Warehouse": warehouse,
        }
        return self._control("POST", "stock", json=body).json()

    # -- OAuth helpers (real HTTP, as a client would do it) ---------------------------------------
    def authorize(self, redirect_uri: str = REDIRECT_URI, state: str = "s") -> str:
        """Run the consent step; returns the (URL-decoded) authorization code."""
        response = self.session.get(
            f"{self.base_url}/api/oauth2/auth",
            params={
                "client_id": self.config.client_id,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "state": state,
            },
            allow_redirects=False,
            timeout=10,
        )
        response.raise_for_status()
        query = parse_qs(urlsplit(response.headers["Location"]).query)
        return query["code"][0]

    def token_request(self, **form: str) -> requests.Response:
        data = {"client_id": self.config.client_id, "client_secret": self.config.client_secret}
        data.update(form)
        return self.session.post(f"{self.base_url}/api/oauth2/token", data=data, timeout=10)

    def tokens(self, redirect_uri: str = REDIRECT_URI) -> Tokens:
        code = self.authorize(redirect_uri)
        response = self.token_request(
            grant_type="authorization_code", code=code, redirect_uri=redirect_uri
        )
        response.raise_for_status()
        body = response.json()
        return Tokens(body["access_token"], body["refresh_token"], body["expires_in"], body)

    def api_url(self, division: int | None, path: str) -> str:
        if division is None:
            return f"{self.base_url}/api/v1/{path}"
        return f"{self.base_url}/api/v1/{division}/{path}"


@contextmanager
def running_emulator(config: EmulatorConfig | None = None) -> Iterator[EmulatorHandle]:
    config = config or EmulatorConfig()
    app = create_emulator_app(config)
    with serve_in_thread(app, "exact-emulator") as base_url:
        handle = EmulatorHandle(base_url, config, app.extensions["exact_emulator"])
        try:
            yield handle
        finally:
            handle.session.close()
