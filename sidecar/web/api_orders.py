"""The signed per-order part of the plugin API: an order's sync state, a retry button and a dry
run (the document the order would become)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sidecar.activity.log import as_dict
from sidecar.activity.models import Activity
from sidecar.events.models import Event
from sidecar.runtime import Runtime
from sidecar.shops import settings as shop_settings
from sidecar.sync.links import get_link
from sidecar.sync.orders import dry_run as preview
from sidecar.sync.orders import flow as orders
from sidecar.web.api import json_body
from sidecar.web.auth import verify_request
from sidecar.web.errors import ApiError, exact_answers

bp = Blueprint("api_orders", __name__, url_prefix="/api/v1/shop/orders")
HISTORY = 20


def _rt() -> Runtime:
    return current_app.extensions["sidecar"]


@bp.before_request
def _authenticate() -> None:
    verify_request()


def _check(entity_id: str) -> str:
    if not 1 <= len(entity_id) <= 64 or not entity_id.isprintable():
        raise ApiError(
            400,
            "invalid",
            "The order id is not valid.",
            fields={"entity_id": ["Must be 1 to 64 printable characters."]},
        )
    return entity_id


def _events(session: Session, entity_id: str, state: str | None = None) -> int:
    """How many events of this order the sidecar holds (in ``state``, if given)."""
    query = (
        select(func.count())
        .select_from(Event)
        .where(
            Event.shop_id == g.shop.id, Event.entity_kind == "order", Event.entity_id == entity_id
        )
    )
    if state is not None:
        query = query.where(Event.state == state)
    return session.scalar(query) or 0


@bp.get("/<entity_id>")
def get_order(entity_id: str) -> Response:
    entity_id = _check(entity_id)
    with _rt().db.session() as session:
        link = get_link(session, g.shop.id, "order", entity_id)
        waiting = _events(session, entity_id, "received")
        if link is None and not waiting:
            raise ApiError(404, "not_found", "The sidecar has not received this order.")
        history = [
            as_dict(a)
            for a in session.scalars(
                select(Activity)
                .where(Activity.shop_id == g.shop.id, Activity.entity == f"order:{entity_id}")
                .order_by(Activity.id.desc())
                .limit(HISTORY)
            )
        ]
        body: dict[str, Any] = {
            "entity_id": entity_id,
            "state": link.state if link is not None else "pending",
            "queued": bool(waiting),
            "document_type": link.exact_kind if link is not None else None,
            "document_number": link.exact_number if link is not None else None,
            "exact_id": link.exact_id if link is not None else None,
            "error": None,
            "resolution": None,
            "attempts": link.attempts if link is not None else 0,
            "history": history,
        }
        if link is not None and link.state == "failed":
            body["error"] = {
                "message": link.last_error,
                "resolution": link.resolution,
                "setting": link.failed_setting,
            }
            body["resolution"] = link.resolution
        if body["state"] == "attempting":
            body["state"] = "pending"  # the plugin's vocabulary: attempting is still pending
    return jsonify(body)


@bp.post("/<entity_id>/retry")
def retry(entity_id: str) -> tuple[Response, int]:
    entity_id = _check(entity_id)
    rt = _rt()
    with rt.db.session() as session:
        known = get_link(session, g.shop.id, "order", entity_id) is not None or _events(
            session, entity_id
        )
    if not known:
        raise ApiError(404, "not_found", "The sidecar has not received this order; resend it.")
    if not orders.requeue(rt, g.shop.id, entity_id):
        raise ApiError(409, "already_posted", "This order is already in Exact Online.")
    return jsonify({"status": "queued", "entity_id": entity_id}), 202


@bp.post("/<entity_id>/dry-run")
def dry_run(entity_id: str) -> Response:
    """The document the order would become, built and not posted (``sync.orders.dry_run``):
    from the order in the body (``{"order": <the shop's order JSON>}``), else from the last
    order data the shop sent for it."""
    entity_id = _check(entity_id)
    body = json_body() if request.get_data(cache=True) else {}
    if not isinstance(body, dict) or set(body) - {"order"}:
        raise ApiError(
            400,
            "invalid",
            "The request has invalid fields.",
            fields={"$": ['Send {} or {"order": {...}}.']},
        )
    rt = _rt()
    with rt.db.session() as session:
        payload = body.get("order")
        if payload is None:
            payload = session.scalar(
                select(Event.payload)
                .where(
                    Event.shop_id == g.shop.id,
                    Event.entity_kind == "order",
                    Event.entity_id == entity_id,
                    Event.payload.is_not(None),
                )
                .order_by(Event.id.desc())
                .limit(1)
            )
        if payload is None:
            raise ApiError(
                404,
                "not_found",
                "The sidecar has not received this order; send it with the request.",
            )
        settings = shop_settings.typed_settings(session, g.shop.id, g.shop.platform)
    with exact_answers():
        result = preview.dry_run(rt, g.shop.id, g.shop.name, g.shop.platform, settings, payload)
    return jsonify(result)
