"""The signed Exact Online part of the plugin API: connect, choose, disconnect, options."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, jsonify, request
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from sidecar.exact import auth, connect
from sidecar.exact.connections import get_connection
from sidecar.exact.regions import REGIONS
from sidecar.runtime import Runtime
from sidecar.shops.models import Shop
from sidecar.sync.pushback import status_poll
from sidecar.web.api import json_body, validation_error
from sidecar.web.auth import verify_request
from sidecar.web.errors import ApiError, exact_answers

bp = Blueprint("api_exact", __name__, url_prefix="/api/v1/shop/exact")


def _rt() -> Runtime:
    return current_app.extensions["sidecar"]


@bp.before_request
def _authenticate() -> None:
    verify_request()


class _Connect(Schema):
    class Meta:
        unknown = RAISE

    return_url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False)
    region = fields.String(load_default="nl", validate=validate.OneOf(sorted(REGIONS)))


@bp.post("/connect")
def post_connect() -> Response:
    try:
        body = _Connect().load(json_body())
    except ValidationError as exc:
        raise validation_error(exc) from None
    rt = _rt()
    with rt.db.session() as session:
        shop = session.get(Shop, g.shop.id)
        if shop is None:  # removed while this web process still had it cached
            raise ApiError(401, "unknown_shop", "No shop is registered under this id.")
        shop_url = shop.url
    if urlsplit(body["return_url"]).hostname != urlsplit(shop_url).hostname:
        raise ApiError(
            400,
            "invalid",
            "The request has invalid fields.",
            fields={"return_url": [f"Must be a page of the shop ({shop_url})."]},
        )
    try:
        url = auth.authorize_url(rt, g.shop.id, body["region"], body["return_url"])
    except auth.OAuthConfigError as exc:
        raise ApiError(409, "exact_not_configured", str(exc)) from None
    return jsonify({"authorize_url": url})


@bp.post("/disconnect")
def post_disconnect() -> Response:
    status_poll.before_disconnect(_rt(), g.shop.id)  # while the tokens still work
    changed = connect.disconnect(_rt(), g.shop.id)
    return jsonify({"status": "disconnected" if changed else "not_connected"})


@bp.get("/options")
def get_options() -> Response:
    rt = _rt()
    with rt.db.session() as session:
        conn = get_connection(session, g.shop.id)
        if conn is None or conn.state != "connected" or conn.division is None:
            raise ApiError(409, "not_connected", "Connect Exact Online first.")
    with exact_answers():
        data = connect.options(rt, g.shop.id, refresh=request.args.get("refresh") == "1")
    return jsonify(data)
