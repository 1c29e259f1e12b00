"""Liveness of the parts the sidecar needs, and Prometheus metrics."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from sidecar.metrics import RedisCollector
from sidecar.runtime import Runtime
from sidecar.web.errors import error_response

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    rt: Runtime = current_app.extensions["sidecar"]
    status = {"db": "ok", "redis": "ok"}
    try:
        with rt.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        status["db"] = "down"
    try:
        rt.redis.ping()
    except RedisError:
        status["redis"] = "down"
    healthy = all(v == "ok" for v in status.values())
    return jsonify({"status": "ok" if healthy else "down", **status}), 200 if healthy else 503


@bp.get("/metrics")
def metrics() -> Response:
    rt: Runtime = current_app.extensions["sidecar"]
    token = rt.config.metrics_token
    if token is not None:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return error_response(
                401,
                "bad_token",
                "The metrics need 'Authorization: Bearer' with SIDECAR_METRICS_TOKEN.",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
    registry = CollectorRegistry()
    registry.register(RedisCollector(rt.redis))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
