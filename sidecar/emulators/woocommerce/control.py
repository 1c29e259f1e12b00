"""``/_emulator/``: the test-only control surface (clock, faults, request log, reset, orders).

None of this exists in WooCommerce. It is how tests make time pass, break the site on purpose,
look at what the sidecar wrote, and plant orders (as a shop owner or a checkout would) without
going through the strict REST API. Documented in README.md.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from .jsonout import json_response, loads
from .seed import add_order
from .store import (
    Note,
    parse_gmt,
    refresh_flags,
    render_note,
    render_order,
    render_refund,
    set_status,
    update_meta,
)

bp = Blueprint("woocommerce_emulator_control", __name__, url_prefix="/_emulator")


def emu():
    return current_app.extensions["woocommerce_emulator"]


def _home() -> str:
    return (emu().config.home_url or request.host_url).rstrip("/")


def _body() -> dict[str, Any]:
    try:
        data = loads(request.get_data(as_text=True) or "null")
    except ValueError as exc:
        raise ValueError(f"invalid JSON: {exc}") from exc
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
    fault = emu().faults.add(_body())
    return jsonify(fault.__dict__), 201


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


def _full(order_id: int) -> dict[str, Any]:
    state = emu().state
    order = state.orders.get(order_id)
    if order is None:
        raise KeyError(f"no order {order_id}")
    return {
        "order": render_order(state, order, _home()),
        "notes": [render_note(state, order, n, _home()) for n in order.notes],
        "refunds": [render_refund(state, order, r, _home()) for r in order.refunds],
    }


@bp.get("/orders")
def orders_list() -> Response:
    """Every order, trash included, oldest id first, as the REST API renders them."""
    state = emu().state
    with state.lock:
        docs = [render_order(state, state.orders[i], _home()) for i in sorted(state.orders)]
    return json_response({"orders": docs})


@bp.get("/orders/<int:order_id>")
def order_get(order_id: int) -> Response:
    with emu().state.lock:
        return json_response(_full(order_id))


@bp.post("/orders")
def orders_insert() -> Response:
    """Plant orders: {"order": {...}}, {"orders": [...]} or {"generate": {"count", "seed",
    "start", "end"}} (ISO UTC times). Answers 201 {"ids": [...]}."""
    body = _body()
    if "generate" in body:
        spec = dict(body["generate"])
        kwargs: dict[str, Any] = {"seed": int(spec.get("seed", 1))}
        for name in ("start", "end"):
            if spec.get(name):
                kwargs[name] = parse_gmt(str(spec[name]).replace("Z", ""))
        return json_response({"ids": emu().generate(int(spec["count"]), **kwargs)}, 201)
    payloads = body["orders"] if "orders" in body else [body["order"]]
    with emu().state.lock:
        ids = [add_order(emu().state, payload, emu().now()).id for payload in payloads]
    return json_response({"ids": ids}, 201)


@bp.post("/orders/<int:order_id>/refunds")
def order_refund(order_id: int) -> Response:
    """Refund whole lines as the shop owner does on the order screen (refunding.py).

    Body: {"line_items": [order line ids], "shipping"=false, "reason"="", "amount"?}; answers 201
    {"refund"} as ``GET /orders/<id>/refunds/<rid>`` renders it.
    """
    from .refunding import create_refund

    body = _body()
    state = emu().state
    with state.lock:
        order = state.orders.get(order_id)
        if order is None:
            raise KeyError(f"no order {order_id}")
        refund = create_refund(
            state,
            order,
            emu().now(),
            line_item_ids=[int(i) for i in body.get("line_items") or []],
            shipping=bool(body.get("shipping", False)),
            reason=str(body.get("reason") or ""),
            amount=body.get("amount"),
        )
        return json_response({"refund": render_refund(state, order, refund, _home())}, 201)


@bp.patch("/orders/<int:order_id>")
def order_patch(order_id: int) -> Response:
    """Change an order behind the API's back (the shop owner in wp-admin, a payment callback).

    Body: {"status"?, "fields"?: {top-level REST fields}, "meta_data"?: [{key, value}],
    "note"?: {"note", "customer_note"}, "date_modified_gmt"?, "touch"=true}. A status change adds
    WooCommerce's "Order status changed" note; "touch" moves date_modified to now.
    """
    from .routes import STATUS_NAMES

    body = _body()
    state = emu().state
    now = emu().now()
    with state.lock:
        order = state.orders.get(order_id)
        if order is None:
            raise KeyError(f"no order {order_id}")
        for name, value in (body.get("fields") or {}).items():
            order.doc[name] = value
        if body.get("meta_data"):
            update_meta(state, order, list(body["meta_data"]))
        before = order.status
        if body.get("status") and set_status(order, str(body["status"]), now):
            text = (
                f"Order status changed from {STATUS_NAMES.get(before, before)} to "
                f"{STATUS_NAMES.get(order.status, order.status)}."
            )
            order.notes.append(Note(state.new_note_id(), now, text, False))
        if body.get("note"):
            note = body["note"]
            order.notes.append(
                Note(state.new_note_id(), now, str(note["note"]), bool(note.get("customer_note")))
            )
        refresh_flags(order)
        if body.get("date_modified_gmt"):
            order.modified = parse_gmt(body["date_modified_gmt"]) or order.modified
        elif body.get("touch", True):
            order.modified = now
        return json_response(_full(order_id))
