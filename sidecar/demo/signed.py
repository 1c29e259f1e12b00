"""The plugin's side of the signed shop API (docs/contract.md, "Signing"), for the demo driver.

The demo plays the plugin, so it signs exactly as a plugin does, with the shop's own secret;
going through the public API (not the database) is the point of the demo.
"""

from __future__ import annotations

import json
import time
from typing import Any

import requests

from sidecar.security import sign


class SignedApi:
    def __init__(self, base_url: str, shop_id: str, secret: str, timeout: float = 30) -> None:
        self.base_url = base_url.rstrip("/")
        self.shop_id = shop_id
        self.secret = secret
        self.timeout = timeout
        self.http = requests.Session()

    def request(self, method: str, path: str, payload: Any = None) -> requests.Response:
        body = b"" if payload is None else json.dumps(payload).encode()
        stamp = int(time.time())
        headers = {
            "X-Sidecar-Shop": self.shop_id,
            "X-Sidecar-Timestamp": str(stamp),
            "X-Sidecar-Signature": sign(self.secret, stamp, method, path, body),
            "Content-Type": "application/json",
        }
        return self.http.request(
            method, self.base_url + path, data=body, headers=headers, timeout=self.timeout
        )

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def post(self, path: str, payload: Any = None) -> requests.Response:
        return self.request("POST", path, payload)

    def put(self, path: str, payload: Any = None) -> requests.Response:
        return self.request("PUT", path, payload)
