"""REST routes under ``/rest[/<store>]/V1``: orders, order comments, and the module's sync route.

Magento's order of checks: route match (404 "Request does not match any route."), then the ACL
resource of the route, which authenticates the caller (OAuth problems 400/401; an anonymous or
under-privileged caller 401 "The consumer isn't authorized to access %resources."), then input
processing (400), then the service (404 for a missing order).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, request

from sidecar.emulators.woocommerce.jsonout import json_response, loads
from sidecar.emulators.woocommerce.phpquery import parse_php_query

from .auth import authenticate
from .errors import NO_ENTITY, MagentoError, not_authorized, required, type_invalid
from .pushback import sync
from .search import apply, echo, filter_fields, parse
from .store import add_history, fmt, render

bp = Blueprint("magento_rest", __name__)
HISTORY_FIELDS = {
    "comment",
    "created_at",
    "entity_id",
    "entity_name",
    "is_customer_notified",
    "is_visible_on_front",
    "parent_id",
    "status",
    "extension_attributes",
}
HISTORY_INTS = {"entity_id", "is_customer_notified", "is_visible_on_front", "parent_id"}


def emu():
    return current_app.extensions["magento_emulator"]


def authorize(resource: str) -> None:
    """The route's ACL check; authentication happens here, lazily, as in Magento."""
    emulator = emu()
    caller = authenticate(request, emulator.config, emulator.nonces, emulator.clock.now())
    g.caller = caller
    if caller.integration is None or resource not in caller.integration.resources:
        raise not_authorized(resource)


def check_store(store: str | None) -> None:
    if store is not None and store not in emu().config.store_codes:
        raise MagentoError(400, "Requested store is not found")


def body() -> dict[str, Any]:
    raw = request.get_data(as_text=True)
    if not raw.strip():
        return {}
    try:
        data = loads(raw)
    except ValueError as exc:
        raise MagentoError(400, "Decoding error: %1", [str(exc)]) from exc
    if not isinstance(data, dict):
        raise MagentoError(400, "Decoding error: %1", ["a JSON object is expected"])
    return data


def order_id_of(text: str) -> int:
    if not text.isdigit():
        raise type_invalid(text, "int")
    return int(text)


def answer(value: Any) -> Response:
    spec = request.args.get("fields")
    return json_response(filter_fields(value, spec) if spec else value)


@bp.get("/rest/V1/orders", defaults={"store": None})
@bp.get("/rest/<store>/V1/orders")
def list_orders(store: str | None) -> Response:
    check_store(store)
    authorize("Magento_Sales::actions_view")
    params = parse_php_query(request.query_string.decode("latin-1"))
    config = emu().config
    criteria = parse(params, config.max_page_size, config.default_page_size)
    state = emu().state
    with state.lock:
        page, total = apply(list(state.orders.values()), criteria)
        items = [render(order) for order in page]
    return answer({"items": items, "search_criteria": echo(criteria), "total_count": total})


@bp.get("/rest/V1/orders/<order_id>", defaults={"store": None})
@bp.get("/rest/<store>/V1/orders/<order_id>")
def get_order(order_id: str, store: str | None) -> Response:
    check_store(store)
    authorize("Magento_Sales::actions_view")
    state = emu().state
    with state.lock:
        order = state.orders.get(order_id_of(order_id))
        if order is None:
            raise MagentoError(404, NO_ENTITY)
        return answer(render(order))


def _history_input(data: dict[str, Any]) -> dict[str, Any]:
    history = data.get("statusHistory", data.get("status_history"))
    if history is None:
        raise required("statusHistory")
    if not isinstance(history, dict):
        raise type_invalid("string", "\\Magento\\Sales\\Api\\Data\\OrderStatusHistoryInterface")
    for name in history:
        if name not in HISTORY_FIELDS:
            accessor = "get" + "".join(part.title() for part in name.split("_"))
            raise MagentoError(
                400,
                'Property "%1" does not have accessor method "%2" in class "%3".',
                [name, accessor, "Magento\\Sales\\Api\\Data\\OrderStatusHistoryInterface"],
            )
    for name in HISTORY_INTS & history.keys():
        value = history[name]
        if isinstance(value, bool) or not str(value).lstrip("-").isdigit():
            raise type_invalid(str(value), "int")
    if not isinstance(history.get("comment"), str) or not history["comment"].strip():
        # Stricter than Magento, which would store an empty comment row.
        raise required("comment")
    return history


@bp.post("/rest/V1/orders/<order_id>/comments", defaults={"store": None})
@bp.post("/rest/<store>/V1/orders/<order_id>/comments")
def add_comment(order_id: str, store: str | None) -> Response:
    check_store(store)
    authorize("Magento_Sales::comment")
    number = order_id_of(order_id)
    history = _history_input(body())
    state = emu().state
    with state.lock:
        order = state.orders.get(number)
        if order is None:
            raise MagentoError(404, NO_ENTITY)
        status = history.get("status") or order.status  # undefined statuses are kept (#32968)
        add_history(
            state,
            order,
            history["comment"],
            status,
            emu().now(),
            notified=int(history.get("is_customer_notified", 0)),
            visible=int(history.get("is_visible_on_front", 0)),
        )
        if emu().config.comments_change_status and history.get("status"):
            order.doc["status"] = history["status"]  # 2.4.6 and older only
            order.doc["updated_at"] = fmt(emu().now())
    return json_response(True)


@bp.post("/rest/V1/exactsidecar/orders/<order_id>/sync", defaults={"store": None})
@bp.post("/rest/<store>/V1/exactsidecar/orders/<order_id>/sync")
def pushback(order_id: str, store: str | None) -> Response:
    check_store(store)
    authorize("ExactSidecar_Connector::pushback")
    number = order_id_of(order_id)
    data = body()
    state = emu().state
    with state.lock:
        result = sync(state, number, data, emu().config.allowed_pushback_statuses, emu().now())
    return json_response(result)
