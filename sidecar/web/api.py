"""The signed plugin API, version 1 (CONTRACT.md). Every route here requires a valid signature.

Exact connection routes arrive with the Exact client, order routes with the orders flow.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy import func, select

from sidecar.activity import log as activity
from sidecar.activity.models import LEVELS
from sidecar.events import ingest
from sidecar.events.models import Event
from sidecar.events.schemas import BATCH_SCHEMA, EVENT_SCHEMA, BodyError, parse_json_body
from sidecar.exact.models import Connection
from sidecar.mapping import exact_checks
from sidecar.runtime import Runtime
from sidecar.shops import settings as shop_settings
from sidecar.shops.models import Shop
from sidecar.shops.service import store_credentials
from sidecar.sync.links import Link
from sidecar.web.auth import verify_request
from sidecar.web.errors import ApiError

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _rt() -> Runtime:
    return current_app.extensions["sidecar"]


@bp.before_request
def _authenticate() -> None:
    verify_request()


def json_body() -> Any:
    if request.mimetype != "application/json":
        raise ApiError(
            415, "unsupported_media_type", "The body must be JSON (Content-Type: application/json)."
        )
    try:
        return parse_json_body(request.get_data(cache=True))
    except BodyError as exc:
        raise ApiError(400, exc.code, str(exc)) from None


def validation_error(exc: ValidationError, prefix: str = "") -> ApiError:
    flat = shop_settings.flatten_errors(exc.messages, prefix)
    return ApiError(400, "invalid", "The request has invalid fields.", fields=flat)


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid", "The body must be a JSON object.", fields={"$": ["Must be an object."]}
        )
    return body


@bp.post("/events")
def post_event() -> tuple[Response, int]:
    body = _object(json_body())
    try:
        event = EVENT_SCHEMA.load(body)
    except ValidationError as exc:
        raise validation_error(exc) from None
    rt = _rt()
    outcomes = ingest.store_events(rt, g.shop.id, [event])
    ingest.dispatch(rt, g.shop.id, [event], outcomes)
    outcome = outcomes[0]
    status = 202 if outcome.status == "accepted" else 200
    return jsonify({"status": outcome.status, "event_id": outcome.event_id}), status


@bp.post("/events/batch")
def post_batch() -> Response:
    body = _object(json_body())
    try:
        batch = BATCH_SCHEMA.load(body)
    except ValidationError as exc:
        raise validation_error(exc) from None
    results: list[dict[str, Any] | None] = []
    valid: list[dict[str, Any]] = []
    positions: list[int] = []
    for index, item in enumerate(batch["events"]):
        try:
            event = EVENT_SCHEMA.load(_object(item))
        except (ValidationError, ApiError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else {"$": [str(exc)]}
            raw_id = item.get("id") if isinstance(item, dict) else None
            results.append(
                {
                    "id": raw_id if isinstance(raw_id, str | int) else None,
                    "status": "invalid",
                    "error": {
                        "code": "invalid",
                        "message": "The event has invalid fields.",
                        "fields": shop_settings.flatten_errors(messages),
                    },
                }
            )
            continue
        results.append(None)
        valid.append(event)
        positions.append(index)
    # The same id twice in one batch is stored once; the second copy answers duplicate.
    rt = _rt()
    outcomes = ingest.store_events(rt, g.shop.id, valid) if valid else []
    ingest.dispatch(rt, g.shop.id, valid, outcomes)
    for position, outcome in zip(positions, outcomes, strict=True):
        results[position] = {"id": outcome.event_id, "status": outcome.status}
    return jsonify({"results": results})


def _connection_status(conn: Connection | None) -> dict[str, Any]:
    if conn is None or conn.state == "disconnected":
        return {
            "connected": False,
            "needs_reauth": False,
            "region": None,
            "division": None,
            "division_name": None,
        }
    return {
        "connected": conn.state == "connected",
        "needs_reauth": conn.state == "needs_reauth",
        "region": conn.region,
        "division": conn.division,
        "division_name": conn.division_name,
    }


@bp.get("/shop")
def get_shop() -> Response:
    with _rt().db.session() as session:
        shop = session.get(Shop, g.shop.id)
        if shop is None:
            raise ApiError(404, "not_found", "The shop was removed.")
        conn = session.scalar(select(Connection).where(Connection.shop_id == shop.id))
        pending = session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.shop_id == shop.id, Event.state == "received")
        )
        failed = session.scalar(
            select(func.count())
            .select_from(Link)
            .where(Link.shop_id == shop.id, Link.state == "failed")
        )
        return jsonify(
            {
                "id": shop.id,
                "name": shop.name,
                "platform": shop.platform,
                "url": shop.url,
                "exact": _connection_status(conn),
                "queue": {"pending": pending or 0, "failed": failed or 0},
                "credentials_stored": shop.credentials_enc is not None,
                "last_activity": activity.latest(session, shop.id),
            }
        )


@bp.get("/shop/settings")
def get_settings() -> Response:
    with _rt().db.session() as session:
        document = shop_settings.load_settings(session, g.shop.id, g.shop.platform)
    return jsonify(document)


@bp.put("/shop/settings")
def put_settings() -> Response:
    body = _object(json_body())
    rt = _rt()
    try:
        clean = shop_settings.validate_settings(body, g.shop.platform)
    except ValidationError as exc:
        raise validation_error(exc) from None
    refused = exact_checks.refused(rt, g.shop.id, clean)
    if refused:
        raise ApiError(
            400, "invalid", "Exact Online would refuse some of these settings.", fields=refused
        )
    with rt.db.session() as session:
        before = shop_settings.load_settings(session, g.shop.id, g.shop.platform)
        clean = shop_settings.save_settings(session, g.shop.id, clean, g.shop.platform)
    changed = {name for name in clean if clean.get(name) != before.get(name)}
    requeued = _requeue_fixed(rt, g.shop.id, changed)
    message = "Settings saved from the shop admin."
    if requeued:
        message += f" {requeued} order(s) that failed on a changed setting were queued again."
    with rt.db.session() as session:
        activity.record(session, g.shop.id, "settings", message, direction="in")
    return jsonify(clean)


def _requeue_fixed(rt: Runtime, shop_id: str, changed: set[str]) -> int:
    """Orders that failed on a setting in a changed section run again, and so do posted orders
    whose refund or cancellation credit note failed on one (their key starts with the order id)."""
    from sidecar.sync.orders import flow as orders

    if not changed:
        return 0
    with rt.db.session() as session:
        failed = session.execute(
            select(Link.shop_key, Link.failed_setting).where(
                Link.shop_id == shop_id,
                Link.kind.in_(("order", "refund", "cancellation")),
                Link.state == "failed",
                Link.failed_setting.is_not(None),
            )
        ).all()
    wanted = {key.split(":")[0] for key, setting in failed if setting.split(".")[0] in changed}
    return sum(1 for entity_id in sorted(wanted) if orders.requeue(rt, shop_id, entity_id))


class _PageArgs(Schema):
    class Meta:
        unknown = RAISE

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    before = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**62))


def _levels(value: str) -> None:
    unknown = [v for v in value.split(",") if v not in LEVELS]
    if unknown:
        raise ValidationError(f"Use a comma-separated list of {', '.join(LEVELS)}.")


class _ActivityArgs(_PageArgs):
    level = fields.String(load_default=None, validate=_levels)
    kind = fields.String(load_default=None, validate=validate.Regexp(r"^[a-z_]{1,30}$"))
    entity = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    q = fields.String(load_default=None, validate=validate.Length(min=1, max=100))


@bp.get("/shop/activity")
def get_activity() -> Response:
    try:
        args = _ActivityArgs().load(request.args.to_dict())
    except ValidationError as exc:
        raise validation_error(exc) from None
    filters = activity.Filters(
        levels=tuple(args["level"].split(",")) if args["level"] else (),
        kind=args["kind"],
        entity=args["entity"],
        text=args["q"],
    )
    with _rt().db.session() as session:
        page = activity.page(session, g.shop.id, args["limit"], args["before"], filters)
    return jsonify({"items": page.items, "next": page.next_cursor})


_KEY = fields.String(required=True, validate=validate.Length(min=1, max=255))


class _WooCredentials(Schema):
    class Meta:
        unknown = RAISE

    consumer_key = fields.String(required=True, validate=validate.Regexp(r"^ck_[A-Za-z0-9]{8,}$"))
    consumer_secret = fields.String(
        required=True, validate=validate.Regexp(r"^cs_[A-Za-z0-9]{8,}$")
    )


class _MagentoCredentials(Schema):
    class Meta:
        unknown = RAISE

    consumer_key = _KEY
    consumer_secret = _KEY
    access_token = _KEY
    access_token_secret = _KEY


_CREDENTIAL_SCHEMAS = {"woocommerce": _WooCredentials(), "magento": _MagentoCredentials()}


@bp.post("/shop/credentials")
def post_credentials() -> Response:
    body = _object(json_body())
    try:
        clean = _CREDENTIAL_SCHEMAS[g.shop.platform].load(body)
    except ValidationError as exc:
        raise validation_error(exc) from None
    rt = _rt()
    with rt.db.session() as session:
        shop = session.get(Shop, g.shop.id)
        if shop is None:
            raise ApiError(404, "not_found", "The shop was removed.")
        store_credentials(shop, rt.box, clean)
        activity.record(
            session,
            shop.id,
            "credentials",
            "The shop handed over REST credentials for status pushback.",
            direction="in",
        )
    return jsonify({"status": "stored"})
