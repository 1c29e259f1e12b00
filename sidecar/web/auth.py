"""Verifying signed plugin requests (CONTRACT.md, "Signing").

The signature is checked before the timestamp, so a caller without the secret only ever hears
``bad_signature`` and learns nothing about our clock. A shop's secrets are cached per process for
``SIDECAR_SHOP_CACHE_SECONDS`` (5 s) because every event needs them; rotation and removal therefore
take effect within that time.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Response, current_app, g, request

from sidecar import security
from sidecar.runtime import Runtime
from sidecar.shops.models import Shop
from sidecar.shops.service import valid_secrets
from sidecar.web.errors import ApiError
from sidecar.web.flood import retry_after


@dataclass(frozen=True)
class ShopIdentity:
    id: str
    platform: str
    name: str
    secrets: tuple[str, ...]


class ShopCache:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, ShopIdentity | None]] = {}
        self._lock = threading.Lock()

    def get(self, rt: Runtime, shop_id: str) -> ShopIdentity | None:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(shop_id)
        if hit is not None and hit[0] > now:
            return hit[1]
        with rt.db.session() as session:
            shop = session.get(Shop, shop_id)
            identity = (
                ShopIdentity(shop.id, shop.platform, shop.name, tuple(valid_secrets(shop, rt.box)))
                if shop is not None
                else None
            )
        with self._lock:
            if len(self._items) > 10_000:
                self._items.clear()
            self._items[shop_id] = (now + self.ttl, identity)
        return identity

    def forget(self, shop_id: str) -> None:
        with self._lock:
            self._items.pop(shop_id, None)


def raw_path() -> str:
    """The path and query exactly as the client sent them, which is what it signed."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        if raw.startswith(("http://", "https://")):
            parts = urlsplit(raw)
            return parts.path + (f"?{parts.query}" if parts.query else "")
        return raw
    query = request.environ.get("QUERY_STRING", "")
    return request.path + (f"?{query}" if query else "")


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Not guarded: event intake is idempotent by event id (a replayed delivery is answered
# "duplicate" and changes nothing, and a plugin's outbox may resend the very same request after
# a lost answer); starting an Exact sign-in changes nothing and answers a new single-use link,
# which only the browser that opens it can finish.
IDEMPOTENT_PATHS = frozenset(
    {
        "/api/v1/events",
        "/api/v1/events/batch",
        "/api/v1/shop/exact/connect",
        "/api/v1/shop/settings/proposal",  # proposes, stores nothing
    }
)


# An order's dry run builds a document and stores nothing: asking twice must build it twice.
READ_ONLY_SUFFIX = "/dry-run"


class Replayed(Exception):
    """The same signed request again: answered with the first answer, doing nothing twice."""

    def __init__(self, response: Response) -> None:
        super().__init__("replayed request")
        self.response = response


def _guard_replay(rt: Runtime, shop_id: str, signature: str) -> None:
    """A signed request that changes state acts once. The same signature again while its
    timestamp is valid (a captured request replayed by someone on the path, or a double click
    within one second) does nothing and gets the first request's answer again, marked
    ``X-Sidecar-Replayed: 1``; while the first is still running it is 409 ``in_progress``.
    The record lives twice the tolerance, covering clock skew either way."""
    digest = hashlib.sha256(signature.encode()).hexdigest()[:32]
    key = f"sidecar:replay:{shop_id}:{digest}"
    if rt.redis.set(key, PENDING, nx=True, ex=2 * rt.config.signature_tolerance + 1):
        g.replay_key = key
        return
    stored = rt.redis.get(key)
    if stored is None or stored == PENDING.encode():
        raise ApiError(
            409,
            "in_progress",
            "The same signed request is being handled; it is done once.",
        )
    first = json.loads(stored)
    raise Replayed(
        Response(
            first["body"],
            status=first["status"],
            content_type=first["type"],
            headers={"X-Sidecar-Replayed": "1"},
        )
    )


PENDING = "pending"


def register(app) -> None:  # noqa: ANN001 - a Flask app
    """The replay guard's two hooks: keep answers, and answer a replay with its first one."""
    app.after_request(remember_answer)
    app.register_error_handler(Replayed, lambda exc: exc.response)


def remember_answer(response: Response) -> Response:
    """After a guarded request: keep its answer for a replay (a 5xx is forgotten, so a real
    retry of a failed request runs again)."""
    key = g.pop("replay_key", None)
    if key is None:
        return response
    rt: Runtime = current_app.extensions["sidecar"]
    if response.status_code >= 500 or response.is_streamed:
        rt.redis.delete(key)
        return response
    answer = {
        "status": response.status_code,
        "type": response.content_type,
        "body": response.get_data(as_text=True),
    }
    rt.redis.set(key, json.dumps(answer), xx=True, keepttl=True)
    return response


def _unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message)


def verify_request() -> ShopIdentity:
    """Authenticate the current request or raise ApiError(401)."""
    rt: Runtime = current_app.extensions["sidecar"]
    cache: ShopCache = current_app.extensions["sidecar.shops"]
    shop_id = request.headers.get("X-Sidecar-Shop", "")
    timestamp = request.headers.get("X-Sidecar-Timestamp", "")
    signature = request.headers.get("X-Sidecar-Signature", "")
    if not shop_id or not signature or not timestamp:
        raise _unauthorized("bad_signature", "The request is not signed.")
    if len(shop_id) > 32 or not shop_id.isascii():
        raise _unauthorized("unknown_shop", "No shop is registered under this id.")
    shop = cache.get(rt, shop_id)
    if shop is None:
        raise _unauthorized("unknown_shop", "No shop is registered under this id.")
    body = request.get_data(cache=True)
    if (
        not timestamp.isdigit()
        or len(timestamp) > 12
        or not security.verify(signature, shop.secrets, timestamp, request.method, raw_path(), body)
    ):
        raise _unauthorized("bad_signature", "The signature does not match.")
    if abs(time.time() - int(timestamp)) > rt.config.signature_tolerance:
        raise _unauthorized(
            "stale_timestamp",
            f"The timestamp is more than {rt.config.signature_tolerance} s from the sidecar's "
            "clock; check the shop server's time.",
        )
    if (
        request.method not in SAFE_METHODS
        and request.path not in IDEMPOTENT_PATHS
        and not request.path.endswith(READ_ONLY_SUFFIX)
    ):
        _guard_replay(rt, shop.id, signature)
    wait = current_app.extensions["sidecar.flood"].admit(shop.id)
    if wait > 0:
        raise ApiError(
            429,
            "too_many_requests",
            "This shop sends more requests than the sidecar accepts; slow down.",
            headers={"Retry-After": retry_after(wait)},
        )
    g.shop = shop
    return shop
