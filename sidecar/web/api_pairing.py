"""``POST /api/v1/pair``: a plugin exchanges a pairing code for its shop id and secret.

Not signed: the plugin has no secret yet, which is the point. The code is single-use, expires
after a day and carries 192 random bits (``sidecar.shops.pairing``); the answer carries a secret,
so it is never cached, and the plugins only send codes to an HTTPS sidecar (or localhost).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from sidecar.runtime import Runtime
from sidecar.shops import pairing
from sidecar.web.api import json_body, validation_error
from sidecar.web.errors import ApiError

bp = Blueprint("api_pairing", __name__, url_prefix="/api/v1")


class _Pair(Schema):
    class Meta:
        unknown = RAISE

    code = fields.String(required=True, validate=validate.Length(min=1, max=2000))


@bp.post("/pair")
def post_pair() -> Response:
    body = json_body()
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid", "The body must be a JSON object.", fields={"$": ["Must be an object."]}
        )
    try:
        code = _Pair().load(body)["code"]
    except ValidationError as exc:
        raise validation_error(exc) from None
    rt: Runtime = current_app.extensions["sidecar"]
    try:
        _url, token = pairing.read(code)
        with rt.db.session() as session:
            paired = pairing.exchange(rt.redis, session, rt.box, token)
    except pairing.PairingError as exc:
        raise ApiError(400, "invalid_code", str(exc), fields={"code": [str(exc)]}) from None
    current_app.extensions["sidecar.shops"].forget(paired.shop_id)  # the new secret, at once
    answer = jsonify(
        {
            "shop_id": paired.shop_id,
            "secret": paired.secret,
            "platform": paired.platform,
            "name": paired.name,
        }
    )
    answer.headers["Cache-Control"] = "no-store"
    return answer
