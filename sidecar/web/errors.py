"""JSON errors for every failure, in CONTRACT.md's shape, so no input yields an HTML page or 500.

Storage trouble answers 503 with Retry-After: the plugin keeps the event and sends it again,
which is exactly right when the event could not be persisted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response, current_app, g, jsonify
from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from sidecar.exact.errors import ExactPermanent, ExactRetryable, NotConnected

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

_HTTP_CODES = {
    400: ("bad_request", "The request could not be read."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("body_too_large", "The body is larger than 2 MiB."),
    415: ("unsupported_media_type", "The body must be JSON (Content-Type: application/json)."),
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers or {}


@contextmanager
def exact_answers() -> Iterator[None]:
    """A call that needs Exact, answered as the plugin API does: 409 ``not_connected`` before
    connecting, 503 ``exact_unavailable`` (with Exact's reset time as Retry-After) when its
    budget is spent or it does not answer, 502 ``exact_refused`` with Exact's own text."""
    try:
        yield
    except NotConnected:
        raise ApiError(409, "not_connected", "Connect Exact Online first.") from None
    except ExactRetryable as exc:
        headers = {"Retry-After": str(int(exc.seconds or 30))}
        raise ApiError(503, "exact_unavailable", str(exc), headers=headers) from None
    except ExactPermanent as exc:
        raise ApiError(502, "exact_refused", exc.exact_message) from None


def error_response(
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify({"error": body})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def storage_unavailable(what: str) -> Response:
    return error_response(
        503,
        "storage_unavailable",
        f"The sidecar's {what} is unavailable; nothing was stored. Try again shortly.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def _shop_removed() -> bool:
    """Whether the shop that signed this request has been removed since it was authenticated
    (and so drop it from this process's shop cache)."""
    from sidecar.shops.models import Shop

    identity = getattr(g, "shop", None)
    if identity is None:
        return False
    rt = current_app.extensions["sidecar"]
    with rt.db.session() as session:
        if session.get(Shop, identity.id) is not None:
            return False
    current_app.extensions["sidecar.shops"].forget(identity.id)
    return True


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.fields, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code, message = _HTTP_CODES.get(status, ("http_error", exc.description or "HTTP error"))
        # A 405 says which methods the address takes (RFC 9110 requires Allow on it).
        kept = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "retry-after")}
        return error_response(status, code, message, headers=kept)

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)
    def _db_down(exc: Exception) -> Response:
        log.warning("database unavailable: %s", type(exc).__name__)
        return storage_unavailable("database")

    @app.errorhandler(IntegrityError)
    def _integrity(exc: IntegrityError) -> Response:
        # A shop removed moments ago may still be in a web process's shop cache: its rows then
        # break a foreign key. That is an unknown shop, not an outage.
        if _shop_removed():
            return error_response(401, "unknown_shop", "No shop is registered under this id.")
        log.error("database refused a statement: %s", type(exc.orig).__name__)
        return storage_unavailable("database")

    @app.errorhandler(DBAPIError)
    def _db_error(exc: DBAPIError) -> Response:
        if exc.connection_invalidated:
            return storage_unavailable("database")
        log.error("database refused a statement: %s", type(exc.orig).__name__)
        return storage_unavailable("database")

    @app.errorhandler(RedisError)
    def _redis_down(exc: RedisError) -> Response:
        log.warning("redis unavailable: %s", type(exc).__name__)
        return storage_unavailable("Redis")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong in the sidecar.")
