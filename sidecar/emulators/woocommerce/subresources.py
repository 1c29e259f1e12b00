"""Order notes and refunds: ``/orders/<id>/notes`` and ``/orders/<id>/refunds``.

Notes are how the sidecar leaves a visible trace on an order; ``customer_note`` decides whether
the customer sees (and is mailed) it. Adding a note does not save the order, so it does not move
``date_modified``. Refunds are read-only here: they come from the seed or the control API.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from .errors import WPError, invalid_params, missing_params
from .jsonout import json_response
from .routes import body_params, emu, filter_fields, home, parent_order, require_key
from .store import Note, render_note, render_refund

bp = Blueprint("woocommerce_rest_sub", __name__, url_prefix="/wp-json/wc/v3")


# -- notes
@bp.get("/orders/<int:order_id>/notes")
def list_notes(order_id: int) -> Response:
    kind = request.args.get("type", "any")
    if kind not in ("any", "customer", "internal"):
        raise invalid_params({"type": "type is not one of any, customer, internal."})
    require_key("view", "Sorry, you cannot list resources.")
    state = emu().state
    with state.lock:
        order = parent_order(order_id)
        notes = [
            note
            for note in sorted(order.notes, key=lambda n: (n.created, n.id), reverse=True)
            if kind == "any" or note.customer_note == (kind == "customer")
        ]
        return json_response([render_note(state, order, note, home()) for note in notes])


@bp.get("/orders/<int:order_id>/notes/<int:note_id>")
def get_note(order_id: int, note_id: int) -> Response:
    require_key("view", "Sorry, you cannot view this resource.")
    state = emu().state
    with state.lock:
        order = parent_order(order_id)
        for note in order.notes:
            if note.id == note_id:
                return json_response(render_note(state, order, note, home()))
    raise WPError("woocommerce_rest_invalid_id", "Invalid resource ID.", 404)


@bp.post("/orders/<int:order_id>/notes")
def create_note(order_id: int) -> Response:
    params = body_params()
    if "note" not in params:
        raise missing_params(["note"])
    problems = {}
    if not isinstance(params["note"], str):
        problems["note"] = "note is not of type string."
    for name in ("customer_note", "added_by_user"):
        if name in params and not isinstance(params[name], bool):
            problems[name] = f"{name} is not of type boolean."
    if problems:
        raise invalid_params(problems)
    require_key("create", "Sorry, you are not allowed to create resources.")
    state = emu().state
    with state.lock:
        order = parent_order(order_id)
        author = "exact-sidecar" if params.get("added_by_user") else "system"
        note = Note(
            state.new_note_id(),
            emu().now(),
            params["note"],
            bool(params.get("customer_note", False)),
            author,
        )
        order.notes.append(note)  # add_order_note() does not save the order: no date_modified
        return json_response(render_note(state, order, note, home()), 201)


# -- refunds
@bp.get("/orders/<int:order_id>/refunds")
def list_refunds(order_id: int) -> Response:
    require_key("view", "Sorry, you cannot list resources.")
    state = emu().state
    with state.lock:
        order = parent_order(order_id)
        refunds = sorted(order.refunds, key=lambda r: (r.created, r.id), reverse=True)
        docs = [filter_fields(render_refund(state, order, r, home())) for r in refunds]
    response = json_response(docs)
    response.headers["X-WP-Total"] = str(len(docs))
    response.headers["X-WP-TotalPages"] = "1" if docs else "0"
    return response


@bp.get("/orders/<int:order_id>/refunds/<int:refund_id>")
def get_refund(order_id: int, refund_id: int) -> Response:
    require_key("view", "Sorry, you cannot view this resource.")
    state = emu().state
    with state.lock:
        order = parent_order(order_id)
        for refund in order.refunds:
            if refund.id == refund_id:
                return json_response(filter_fields(render_refund(state, order, refund, home())))
    raise WPError("woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID.", 404)
