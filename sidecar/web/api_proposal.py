"""``POST /api/v1/shop/settings/proposal``: the mapping the sidecar proposes for this shop.

The plugin sends the shop's own lists (its tax rates, payment and shipping methods); the sidecar
answers the shop's settings with every empty mapping filled from Exact's records where a rule
finds one (``sidecar.mapping.proposal``), and what it chose and could not choose, with reasons.
Nothing is stored: the plugin puts the proposal in its form for the owner to review and save.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from sidecar.exact import connect
from sidecar.exact.client import ExactClient
from sidecar.exact.connections import get_connection
from sidecar.exact.ratelimit import PRIORITY_BACKGROUND
from sidecar.exact.reference import ReferenceData
from sidecar.mapping.proposal import ShopMethod, ShopRate, candidate_codes, propose
from sidecar.runtime import Runtime
from sidecar.shops import settings as shop_settings
from sidecar.web.api import json_body, validation_error
from sidecar.web.auth import verify_request
from sidecar.web.errors import ApiError, exact_answers

bp = Blueprint("api_proposal", __name__, url_prefix="/api/v1/shop/settings")

COUNTRY = validate.Regexp(r"^([A-Z]{2})?$", error="Use a two-letter country code, or empty.")


class _Rate(Schema):
    class Meta:
        unknown = RAISE

    id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    country = fields.String(load_default="", validate=COUNTRY)
    percent = fields.Decimal(required=True, validate=validate.Range(min=0, max=100))
    name = fields.String(load_default="", validate=validate.Length(max=200))


class _Method(Schema):
    class Meta:
        unknown = RAISE

    id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    title = fields.String(load_default="", validate=validate.Length(max=200))


class _Shop(Schema):
    class Meta:
        unknown = RAISE

    tax_rates = fields.List(fields.Nested(_Rate), load_default=list)
    payment_methods = fields.List(fields.Nested(_Method), load_default=list)
    shipping_methods = fields.List(fields.Nested(_Method), load_default=list)
    home_country = fields.String(load_default=None, validate=COUNTRY)


def _rt() -> Runtime:
    return current_app.extensions["sidecar"]


@bp.before_request
def _authenticate() -> None:
    verify_request()


def _exact_lists(rt: Runtime, shop_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Exact's lists (the settings page's cached options) and the items found among the codes
    the proposal looks for (one lookup)."""
    lists = connect.options(rt, shop_id)
    client = ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND)
    ref = ReferenceData(client)
    for code in candidate_codes():  # the owner may just have created the item the last one lacked
        ref.forget_miss(code)
    return lists, ref.items(candidate_codes())


@bp.post("/proposal")
def post_proposal() -> Response:
    body = json_body()
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid", "The body must be a JSON object.", fields={"$": ["Must be an object."]}
        )
    try:
        shop = _Shop().load(body)
    except ValidationError as exc:
        raise validation_error(exc) from None
    rt = _rt()
    with rt.db.session() as session:
        conn = get_connection(session, g.shop.id)
        if conn is None or conn.state != "connected" or conn.division is None:
            raise ApiError(409, "not_connected", "Connect Exact Online first.")
        current = shop_settings.load_settings(session, g.shop.id, g.shop.platform)
    with exact_answers():
        lists, items = _exact_lists(rt, g.shop.id)
    proposal = propose(
        current,
        lists,
        items,
        [
            ShopRate(r["id"], r["country"], Decimal(r["percent"]), r["name"])
            for r in shop["tax_rates"]
        ],
        [ShopMethod(m["id"], m["title"]) for m in shop["payment_methods"]],
        [ShopMethod(m["id"], m["title"]) for m in shop["shipping_methods"]],
        shop["home_country"] or None,
    )
    # the same stored form a GET answers, so the plugin can show it and PUT it back as it is
    proposal.settings = shop_settings.validate_settings(proposal.settings, g.shop.platform)
    return jsonify(proposal.as_dict())
