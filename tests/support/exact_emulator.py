"""Helpers for the Exact emulator's own tests, which talk to the emulated REST API directly
(not through the sidecar): the two seeded divisions, a bare bearer-token client, the error shape
Exact answers with, and the ids the emulator's seed gives accounts and items.

Used by every test module under tests/emulators/exact and by its conftest's ``api`` fixture."""

from __future__ import annotations

from typing import Any

import requests

from sidecar.emulators.exact.testing import EmulatorHandle

D1 = 100001
D2 = 100002


class Api:
    """A bare client for the emulated REST API: bearer token, JSON, nothing clever."""

    def __init__(self, handle: EmulatorHandle, access_token: str) -> None:
        self.handle = handle
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Authorization": f"Bearer {access_token}",
                "Accept": "application/json",
                "Prefer": "return=representation",
            }
        )

    def url(self, path: str, division: int | None = D1) -> str:
        return self.handle.api_url(division, path)

    def get(self, path: str, division: int | None = D1, **params: Any) -> requests.Response:
        return self.session.get(self.url(path, division), params=params or None, timeout=10)

    def get_url(self, url: str) -> requests.Response:
        return self.session.get(url, timeout=10)

    def post(self, path: str, body: Any, division: int = D1, **kw: Any) -> requests.Response:
        return self.session.post(self.url(path, division), json=body, timeout=10, **kw)

    def put(self, path: str, body: Any, division: int = D1) -> requests.Response:
        return self.session.put(self.url(path, division), json=body, timeout=10)

    def delete(self, path: str, division: int = D1) -> requests.Response:
        return self.session.delete(self.url(path, division), timeout=10)

    def one(self, path: str, division: int = D1, **params: Any) -> dict:
        response = self.get(path, division, **params)
        assert response.status_code == 200, response.text
        return response.json()["d"]

    def rows(self, path: str, division: int = D1, **params: Any) -> list[dict]:
        return self.one(path, division, **params)["results"]


def error_message(response: requests.Response) -> str:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == ""
    assert body["error"]["message"]["lang"] == ""
    return body["error"]["message"]["value"]


def seed_id(endpoint: str, code: str, division: int = D1) -> str:
    from sidecar.emulators.exact.seed import seed_id as make

    return make(division, endpoint, code)


def account_id(code: str, division: int = D1) -> str:
    return seed_id("crm/Accounts", code, division)


def item_id(code: str, division: int = D1) -> str:
    return seed_id("logistics/Items", code, division)
