"""``/_emulator/``: the test-only control surface (clock, faults, request log, reset, orders).

Same shape as the WooCommerce and Exact stand-ins. ``GET /_emulator/orders/<id>`` also shows the
module's Exact link row (``exact_sidecar_order``) the sync route maintains.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from sidecar.emulators.woocommerce.jsonout import json_response, loads

from .store import add_history, add_order, fmt, parse_time, render

bp = Blueprint("magento_emulator_control", __name__, url_prefix="/_emulator")


def emu():
    return current_app.extensions["magento_emulator"]


def _body() -> dict[str, Any]:
    data = loads(request.get_data(as_text=True) or "null")
    if not isinstance(data, dict):
        raise ValueError("Send a JSON object.")
    return data


@bp.errorhandler(ValueError)
@bp.errorhandler(KeyError)
@bp.errorhandler(TypeError)
def bad_request(exc: Exception) -> tuple[Response, int]:
    return jsonify({"error": str(exc)}), 400


@bp.get("/clock")
def clock_get() -> Response:
    return jsonify({"now": emu().clock.now(), "utc": emu().clock.utcnow().isoformat()})


@bp.post("/clock")
def clock_advance() -> Response:
    emu().clock.advance(float(_body().get("advance", 0)))
    return clock_get()


@bp.post("/faults")
def faults_add() -> tuple[Response, int]:
    return jsonify(emu().faults.add(_body()).__dict__), 201


@bp.get("/faults")
def faults_list() -> Response:
    return jsonify({"faults": emu().faults.list()})


@bp.delete("/faults")
def faults_clear() -> tuple[str, int]:
    emu().faults.clear()
    return "", 204


@bp.get("/requests")
def requests_list() -> Response:
    return json_response({"requests": emu().log.list(int(request.args.get("since", 0)))})


@bp.delete("/requests")
def requests_clear() -> tuple[str, int]:
    emu().log.clear()
    return "", 204


@bp.post("/reset")
def reset() -> tuple[str, int]:
    emu().reset()
    return "", 204


@bp.get("/orders")
def orders_list() -> Response:
    state = emu().state
    with state.lock:
        return json_response({"orders": [render(state.orders[i]) for i in sorted(state.orders)]})


@bp.get("/orders/<int:order_id>")
def order_get(order_id: int) -> Response:
    state = emu().state
    with state.lock:
        order = state.orders[order_id]
        return json_response({"order": render(order), "link": order.link or None})


@bp.post("/orders")
def orders_insert() -> Response:
    """{"order": {...}}, {"orders": [...]} or {"generate": {"count", "seed", "start", "end"}}."""
    body = _body()
    if "generate" in body:
        spec = dict(body["generate"])
        kwargs: dict[str, Any] = {"seed": int(spec.get("seed", 1))}
        for name in ("start", "end"):
            if spec.get(name):
                kwargs[name] = parse_time(str(spec[name]))
        return json_response({"ids": emu().generate(int(spec["count"]), **kwargs)}, 201)
    payloads = body["orders"] if "orders" in body else [body["order"]]
    state = emu().state
    with state.lock:
        ids = [add_order(state, payload, emu().now()).id for payload in payloads]
    return json_response({"ids": ids}, 201)


@bp.patch("/orders/<int:order_id>")
def order_patch(order_id: int) -> Response:
    """Change an order as the shop would (admin, invoice, cron): {"status"?, "state"?,
    "fields"?: {...}, "comment"?: "...", "updated_at"?: "Y-m-d H:i:s", "touch"=true}."""
    body = _body()
    state = emu().state
    now = emu().now()
    with state.lock:
        order = state.orders[order_id]
        for name, value in (body.get("fields") or {}).items():
            order.doc[name] = value
        for name in ("status", "state"):
            if body.get(name):
                order.doc[name] = body[name]
        if body.get("comment"):
            add_history(state, order, str(body["comment"]), order.status, now, notified=0)
        if body.get("updated_at"):
            order.doc["updated_at"] = fmt(parse_time(str(body["updated_at"])))
        elif body.get("touch", True):
            order.doc["updated_at"] = fmt(now)
        return json_response({"order": render(order), "link": order.link or None})
