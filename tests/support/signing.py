"""A small signed-request client, written from the contract, for tests and benchmarks."""

from __future__ import annotations

import json
import time
from typing import Any

import requests

from sidecar.security import sign


class SignedClient:
    def __init__(self, base_url: str, shop_id: str, secret: str) -> None:
        self.base_url = base_url
        self.shop_id = shop_id
        self.secret = secret
        self.http = requests.Session()

    def headers(self, method: str, path: str, body: bytes, timestamp: int | None = None) -> dict:
        ts = int(time.time()) if timestamp is None else timestamp
        return {
            "X-Sidecar-Shop": self.shop_id,
            "X-Sidecar-Timestamp": str(ts),
            "X-Sidecar-Signature": sign(self.secret, ts, method, path, body),
            "Content-Type": "application/json",
        }

    def request(
        self,
        method: str,
        path: str,
        payload: Any = None,
        raw: bytes | None = None,
        timestamp: int | None = None,
    ) -> requests.Response:
        if raw is not None:
            body = raw
        elif payload is not None:
            body = json.dumps(payload).encode()
        else:
            body = b""
        return self.http.request(
            method,
            self.base_url + path,
            data=body,
            headers=self.headers(method, path, body, timestamp),
            timeout=30,
        )

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, payload: Any = None, **kw: Any) -> requests.Response:
        return self.request("POST", path, payload, **kw)

    def put(self, path: str, payload: Any = None, **kw: Any) -> requests.Response:
        return self.request("PUT", path, payload, **kw)


def event(
    event_id: str = "evt-1", entity_id: str = "15", type_: str = "order.updated", data: Any = None
) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": type_,
        "occurred_at": "2026-11-21T12:00:00Z",
        "entity_id": entity_id,
        "data": {"id": int(entity_id) if entity_id.isdigit() else entity_id, "status": "processing"}
        if data is None
        else data,
    }
