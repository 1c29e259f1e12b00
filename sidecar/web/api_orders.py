"""The signed per-order part of the plugin API: an order's sync state, a retry button and a dry
run (the document the order would become), and the failed orders with a retry for many at once
(the shop admin's "Failed orders" list)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sidecar.activity.log import as_dict
from sidecar.activity.models import Activity
from sidecar.events.models import Event
from sidecar.runtime import Runtime
from sidecar.shops import settings as shop_settings
from sidecar.sync.links import Link, get_link
from sidecar.sync.orders import dry_run as preview
from sidecar.sync.orders import flow as orders
from sidecar.web.api import json_body, validation_error
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


class _FailedArgs(Schema):
    class Meta:
        unknown = RAISE

    state = fields.String(load_default="failed", validate=validate.OneOf(("failed",)))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    before = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**62))


def _failed(session: Session, setting: str | None = None) -> Any:
    query = select(Link).where(
        Link.shop_id == g.shop.id, Link.kind == "order", Link.state == "failed"
    )
    return query.where(Link.failed_setting == setting) if setting else query


@bp.get("")
def list_failed() -> Response:
    """The shop's failed orders, newest order first; the cursor is the last link's id."""
    try:
        args = _FailedArgs().load(request.args.to_dict())
    except ValidationError as exc:
        raise validation_error(exc) from None
    with _rt().db.session() as session:
        total = session.scalar(select(func.count()).select_from(_failed(session).subquery()))
        query = _failed(session)
        if args["before"] is not None:
            query = query.where(Link.id < args["before"])
        rows = list(session.scalars(query.order_by(Link.id.desc()).limit(args["limit"] + 1)))
        more, rows = len(rows) > args["limit"], rows[: args["limit"]]
        items = [
            {
                "entity_id": link.shop_key,
                "state": link.state,
                "error": link.last_error,
                "resolution": link.resolution,
                "setting": link.failed_setting,
                "attempts": link.attempts,
                "updated_at": link.updated_at.isoformat().replace("+00:00", "Z"),
            }
            for link in rows
        ]
    cursor = str(rows[-1].id) if more and rows else None
    return jsonify({"items": items, "next": cursor, "total": total or 0})


class _RetryMany(Schema):
    """Either the orders chosen (``entity_ids``) or every failed one (``failed``), optionally
    only those that failed on one setting (all orders that failed for one reason)."""

    class Meta:
        unknown = RAISE

    entity_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        validate=validate.Length(min=1, max=200),
    )
    failed = fields.Boolean(validate=validate.Equal(True))
    setting = fields.String(validate=validate.Length(min=1, max=100))

    @validates_schema
    def _one_of(self, data: dict[str, Any], **_: Any) -> None:
        if ("entity_ids" in data) == ("failed" in data):
            raise ValidationError('Send {"entity_ids": [...]} or {"failed": true}.', "$")
        if "setting" in data and "failed" not in data:
            raise ValidationError('"setting" narrows {"failed": true} only.', "setting")


@bp.post("/retry")
def retry_many() -> tuple[Response, int]:
    try:
        body = _RetryMany().load(json_body())
    except ValidationError as exc:
        raise validation_error(exc) from None
    rt = _rt()
    with rt.db.session() as session:
        if "failed" in body:
            wanted = list(
                session.scalars(
                    _failed(session, body.get("setting")).with_only_columns(Link.shop_key)
                )
            )
        else:
            wanted = list(dict.fromkeys(body["entity_ids"]))
        known = {
            key
            for key in session.scalars(
                select(Link.shop_key).where(
                    Link.shop_id == g.shop.id, Link.kind == "order", Link.shop_key.in_(wanted)
                )
            )
        } | {
            key
            for key in session.scalars(
                select(Event.entity_id).where(
                    Event.shop_id == g.shop.id,
                    Event.entity_kind == "order",
                    Event.entity_id.in_(wanted),
                )
            )
        }
    answer: dict[str, list[str]] = {"queued": [], "already_posted": [], "unknown": []}
    for entity_id in wanted:
        if entity_id not in known:
            answer["unknown"].append(entity_id)
        elif orders.requeue(rt, g.shop.id, entity_id):
            answer["queued"].append(entity_id)
        else:
            answer["already_posted"].append(entity_id)
    return jsonify(answer), 202


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
