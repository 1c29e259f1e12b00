"""The signed backfill routes: start importing the order history, and show its progress.

Both plugins read ``{"done", "total", "failed", "eta"}``; WooCommerce shows a progress line only
when ``total`` is set, Magento says "No history import is running." when it is 0 or missing. So
before any run GET answers 200 with ``state: "none"`` and ``total: null`` instead of a 404, which
the WooCommerce page would also survive but the Magento page would show as an error.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify

from sidecar.runtime import Runtime
from sidecar.sync.history import backfill
from sidecar.web.api import json_body
from sidecar.web.auth import verify_request
from sidecar.web.errors import ApiError

bp = Blueprint("api_backfill", __name__, url_prefix="/api/v1/shop/backfill")

NONE = {
    "state": "none",
    "since": None,
    "done": 0,
    "total": None,
    "failed": 0,
    "eta": None,
}


def _rt() -> Runtime:
    return current_app.extensions["sidecar"]


@bp.before_request
def _authenticate() -> None:
    verify_request()


@bp.get("")
def get_backfill() -> Response:
    found = backfill.progress(_rt(), g.shop.id)
    return jsonify(found if found is not None else NONE)


@bp.post("")
def start_backfill() -> tuple[Response, int]:
    body = json_body()
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid", "The body must be a JSON object.", fields={"$": ["Must be an object."]}
        )
    unknown = sorted(set(body) - {"since"})
    if unknown:
        raise ApiError(
            400,
            "invalid",
            "The request has invalid fields.",
            fields={name: ["Unknown field."] for name in unknown},
        )
    rt = _rt()
    try:
        since = backfill.parse_since(body.get("since"))
        run, created = backfill.start(rt, g.shop.id, since)
    except backfill.BackfillInputError as exc:
        if exc.field == "credentials":
            raise ApiError(409, "no_credentials", str(exc)) from None
        raise ApiError(
            400, "invalid", "The request has invalid fields.", fields={exc.field: [str(exc)]}
        ) from None
    if not created:
        progress: dict[str, Any] = backfill.progress(rt, g.shop.id) or {}
        raise ApiError(
            409,
            "backfill_running",
            f"A backfill since {progress.get('since')} is still running "
            f"({progress.get('done')} of {progress.get('total')} done); wait for it to finish.",
        )
    return jsonify(backfill.progress(rt, g.shop.id)), 202
