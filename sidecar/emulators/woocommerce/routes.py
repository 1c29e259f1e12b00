"""The REST routes under ``/wp-json/wc/v3``: orders, notes, refunds and batch.

Each handler follows WordPress' order of checks: arguments are validated first (400), then the
route's permission callback runs (401 for an anonymous caller), then the handler (404/400 for a
missing order). Authentication and the key's read/write flag were settled before routing (see
app.py), as ``rest_authentication_errors`` and ``rest_pre_dispatch`` do.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, request

from .errors import WPError, invalid_params
from .jsonout import json_response, loads
from .query import page_of, parse_list_query, select
from .store import (
    Note,
    Order,
    payment_complete,
    render_order,
    set_status,
    update_meta,
)

bp = Blueprint("woocommerce_rest", __name__, url_prefix="/wp-json/wc/v3")
STATUS_NAMES = {
    "pending": "Pending payment",
    "processing": "Processing",
    "on-hold": "On hold",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "refunded": "Refunded",
    "failed": "Failed",
    "checkout-draft": "Draft",
}
WRITABLE = {
    "status",
    "meta_data",
    "set_paid",
    "customer_note",
    "transaction_id",
    "billing",
    "shipping",
    "payment_method",
    "payment_method_title",
}
NOT_EMULATED = {
    "line_items",
    "shipping_lines",
    "fee_lines",
    "coupon_lines",
    "customer_id",
    "currency",
    "parent_id",
}
EDIT = ["POST", "PUT", "PATCH"]


def emu():
    return current_app.extensions["woocommerce_emulator"]


def home() -> str:
    return (emu().config.home_url or request.host_url).rstrip("/")


def require_key(kind: str, message: str) -> None:
    """The route's permission callback: anonymous callers get rest_authorization_required_code()."""
    if g.get("caller") is None or g.caller.key is None:
        raise WPError(f"woocommerce_rest_cannot_{kind}", message, 401)


def body_params() -> dict[str, Any]:
    """WP_REST_Request body params: JSON (rest_invalid_json when broken) or a form."""
    if request.mimetype == "application/json":
        raw = request.get_data(as_text=True)
        if not raw.strip():
            return {}
        try:
            data = loads(raw)
        except ValueError as exc:
            raise WPError(
                "rest_invalid_json",
                "Invalid JSON body passed.",
                400,
                json_error_code=4,
                json_error_message=str(exc),
            ) from exc
        return data if isinstance(data, dict) else {}
    return request.form.to_dict()


def filter_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """``_fields=a,b.c``: rest_filter_response_fields()."""
    wanted = request.args.get("_fields")
    if not wanted:
        return doc
    out: dict[str, Any] = {}
    for path in (p.strip() for p in wanted.split(",") if p.strip()):
        source, target, parts = doc, out, path.split(".")
        for index, part in enumerate(parts):
            if not isinstance(source, dict) or part not in source:
                break
            if index == len(parts) - 1:
                target[part] = source[part]
            else:
                source = source[part]
                target = target.setdefault(part, {})
    return out


def _order(
    order_id: int,
    code: str = "woocommerce_rest_shop_order_invalid_id",
    message: str = "Invalid ID.",
    status: int = 404,
) -> Order:
    order = emu().state.orders.get(order_id)
    if order is None:
        raise WPError(code, message, status)
    return order


def parent_order(order_id: int) -> Order:
    return _order(order_id, "woocommerce_rest_order_invalid_id", "Invalid order ID.", 404)


# -- orders
@bp.get("/orders")
def list_orders() -> Response:
    config = emu().config
    query = parse_list_query(request.args, config.statuses, config.max_per_page)
    require_key("view", "Sorry, you cannot list resources.")
    state = emu().state
    with state.lock:
        chosen = select(list(state.orders.values()), query, request.args, state.tz)
        items, total, pages = page_of(chosen, query)
        docs = [filter_fields(render_order(state, order, home())) for order in items]
    response = json_response(docs)
    response.headers["X-WP-Total"] = str(total)
    response.headers["X-WP-TotalPages"] = str(pages)
    for rel, number in (("prev", query.page - 1), ("next", query.page + 1)):
        if rel == "prev" and query.page > 1:
            response.headers.add("Link", f'<{_page_url(min(number, pages) or 1)}>; rel="prev"')
        if rel == "next" and pages > query.page:
            response.headers.add("Link", f'<{_page_url(number)}>; rel="next"')
    return response


def _page_url(page: int) -> str:
    """add_query_arg($request->get_query_params(), ...): every argument echoed, unencoded
    (oauth_* included, so following the link replays the nonce), ``page`` replaced."""
    params = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    params.append(("page", str(page)))
    return f"{home()}{request.path}?" + "&".join(f"{k}={v}" for k, v in params)


@bp.get("/orders/<int:order_id>")
def get_order(order_id: int) -> Response:
    require_key("view", "Sorry, you cannot view this resource.")
    state = emu().state
    with state.lock:
        return json_response(filter_fields(render_order(state, _order(order_id), home())))


def validate_update(params: dict[str, Any], prefix: str = "") -> None:
    """The schema checks WordPress runs on an order update's arguments."""
    problems: dict[str, str] = {}
    statuses = emu().config.statuses
    if "status" in params and params["status"] not in statuses:
        problems[f"{prefix}status"] = f"{prefix}status is not one of {', '.join(statuses)}."
    if "set_paid" in params and not isinstance(params["set_paid"], bool):
        problems[f"{prefix}set_paid"] = f"{prefix}set_paid is not of type boolean."
    for name in ("customer_note", "transaction_id", "payment_method", "payment_method_title"):
        if name in params and not isinstance(params[name], str):
            problems[f"{prefix}{name}"] = f"{prefix}{name} is not of type string."
    if "meta_data" in params:
        meta = params["meta_data"]
        if not isinstance(meta, list):
            problems[f"{prefix}meta_data"] = f"{prefix}meta_data is not of type array."
        else:
            for index, item in enumerate(meta):
                where = f"{prefix}meta_data[{index}]"
                if not isinstance(item, dict):
                    problems["meta_data"] = f"{where} is not of type object."
                elif not isinstance(item.get("key"), str) or not item["key"]:
                    # Stricter than WooCommerce (key is not marked required): a keyless meta
                    # would be stored under an empty key there.
                    problems["meta_data"] = f"{where}[key] is a required property of {where}."
    if problems:
        raise invalid_params(problems)
    unsupported = sorted(NOT_EMULATED & params.keys())
    if unsupported:
        raise WPError(
            "emulator_not_implemented",
            f"The WooCommerce emulator does not change {', '.join(unsupported)}.",
            501,
        )


def apply_update(order: Order, params: dict[str, Any]) -> None:
    """update_item(): set fields, then save (which always bumps date_modified, as HPOS does)."""
    now = emu().now()
    state = emu().state
    for name in ("customer_note", "transaction_id", "payment_method", "payment_method_title"):
        if name in params:
            order.doc[name] = params[name]
    for name in ("billing", "shipping"):
        if isinstance(params.get(name), dict):
            order.doc[name] = {**order.doc.get(name, {}), **params[name]}
    if "meta_data" in params:
        update_meta(state, order, params["meta_data"])
    before = order.status
    if params.get("set_paid") is True:
        payment_complete(order, now)
    if "status" in params:
        set_status(order, params["status"], now)
    if order.status != before:
        text = (
            f"Order status changed from {STATUS_NAMES.get(before, before)} to "
            f"{STATUS_NAMES.get(order.status, order.status)}."
        )
        order.notes.append(Note(state.new_note_id(), now, text, False))
    order.modified = now


@bp.route("/orders/<int:order_id>", methods=EDIT)
def update_order(order_id: int) -> Response:
    params = body_params()
    validate_update(params)
    require_key("edit", "Sorry, you are not allowed to edit this resource.")
    state = emu().state
    with state.lock:
        order = _order(order_id, status=400)
        apply_update(order, params)
        return json_response(render_order(state, order, home()))


@bp.delete("/orders/<int:order_id>")
def delete_order(order_id: int) -> Response:
    require_key("delete", "Sorry, you are not allowed to delete this resource.")
    state = emu().state
    force = request.args.get("force", "").lower() in ("1", "true")
    with state.lock:
        order = _order(order_id)
        doc = render_order(state, order, home())
        if force:
            del state.orders[order_id]
        elif order.status == "trash":
            raise WPError(
                "woocommerce_rest_already_trashed", "The shop_order has already been deleted.", 410
            )
        else:
            set_status(order, "trash", emu().now())
            order.modified = emu().now()
        return json_response(doc)


@bp.route("/orders/batch", methods=EDIT)
def batch_orders() -> Response:
    params = body_params()
    require_key("batch", "Sorry, you are not allowed to batch manipulate this resource.")
    limit = emu().config.batch_limit
    groups = {name: params.get(name) or [] for name in ("create", "update", "delete")}
    if sum(len(items) for items in groups.values() if isinstance(items, list)) > limit:
        raise WPError(
            "woocommerce_rest_request_entity_too_large",
            f"Unable to accept more than {limit} items for this request.",
            413,
        )
    state = emu().state
    answer: dict[str, list[Any]] = {}
    with state.lock:
        if groups["create"]:
            answer["create"] = [
                _item_error(
                    None,
                    "emulator_not_implemented",
                    "The WooCommerce emulator does not create orders; use /_emulator/orders.",
                    501,
                )
                for _ in groups["create"]
            ]
        if groups["update"]:
            answer["update"] = [_batch_update(item) for item in groups["update"]]
        if groups["delete"]:
            answer["delete"] = [_batch_delete(item) for item in groups["delete"]]
    return json_response(answer)


def _item_error(item_id: Any, code: str, message: str, status: int) -> dict[str, Any]:
    return {"id": item_id, "error": {"code": code, "message": message, "data": {"status": status}}}


def _batch_update(item: Any) -> dict[str, Any]:
    state = emu().state
    item_id = item.get("id") if isinstance(item, dict) else None
    try:
        # UNCONFIRMED whether WooCommerce validates batch items against the schema (it may store
        # an unknown status as "pending"); the emulator validates each item like a single PUT.
        validate_update(item if isinstance(item, dict) else {})
        order = _order(int(item_id or 0), status=400)
        apply_update(order, item)
        return render_order(state, order, home())
    except WPError as exc:
        return {
            "id": item_id,
            "error": {
                "code": exc.code,
                "message": exc.message,
                "data": {"status": exc.status, **exc.data},
            },
        }


def _batch_delete(item: Any) -> dict[str, Any]:
    state = emu().state
    order_id = int(item) if str(item).isdigit() else 0
    order = state.orders.get(order_id)
    if order is None:
        return _item_error(item, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.", 404)
    doc = render_order(state, order, home())
    del state.orders[order_id]  # batch deletes are forced
    return doc


@bp.post("/orders")
def create_order() -> Response:
    require_key("create", "Sorry, you are not allowed to create resources.")
    raise WPError(
        "emulator_not_implemented",
        "The WooCommerce emulator does not create orders; use POST /_emulator/orders.",
        501,
    )
