"""Liveness of the parts the sidecar needs, and Prometheus metrics."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from sidecar.metrics import RedisCollector
from sidecar.runtime import Runtime

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
    registry = CollectorRegistry()
    registry.register(RedisCollector(rt.redis))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
