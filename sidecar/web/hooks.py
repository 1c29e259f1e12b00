"""``POST /hooks/exact``: Exact Online webhook deliveries.

The empty POST Exact sends right after a subscription is created is answered 200 (or the
subscription stays unvalidated). Anything else must carry a valid HashCode; a body that does not
gets 401 and changes nothing. A valid delivery is stored as an event for every shop connected to
that division (deduplicated like plugin events) and queued on ``pushback``, where the status
pushback (``sync.pushback.status``) handles it; a delivery of a status topic that cannot change a
status (a created order or invoice, which is the sidecar's own posting; a deletion) is answered
and dropped.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy import select

from sidecar.db import utcnow
from sidecar.events import ingest
from sidecar.exact import webhooks
from sidecar.exact.models import Connection
from sidecar.runtime import Runtime
from sidecar.sync.pushback import status as status_flow
from sidecar.web.errors import ApiError

log = logging.getLogger(__name__)
bp = Blueprint("hooks", __name__, url_prefix="/hooks")


@bp.post("/exact")
def exact() -> tuple[Response, int]:
    rt: Runtime = current_app.extensions["sidecar"]
    body = request.get_data(cache=False)
    if not body.strip():
        return jsonify({"status": "ok"}), 200
    secret = rt.config.exact_webhook_secret
    if not secret:
        raise ApiError(
            401,
            "webhooks_not_configured",
            "SIDECAR_EXACT_WEBHOOK_SECRET is not set on the sidecar.",
        )
    try:
        delivery = webhooks.verify(body, secret)
    except webhooks.BadDelivery as exc:
        raise ApiError(401, "bad_signature", str(exc)) from None
    if rt.config.exact_client_id and delivery.client_id not in (None, rt.config.exact_client_id):
        raise ApiError(401, "bad_signature", "The delivery is for another Exact app.")
    if delivery.topic in webhooks.STATUS_TOPICS and not status_flow.may_change_status(
        delivery.topic, delivery.action
    ):
        # Exact announcing the sidecar's own postings: nothing to store, nothing to run.
        return jsonify({"status": "ignored", "shops": 0}), 200
    with rt.db.session() as session:
        shops = list(
            session.scalars(
                select(Connection.shop_id).where(
                    Connection.division == delivery.division, Connection.state != "disconnected"
                )
            )
        )
    event = {
        "id": delivery.event_id,
        "type": f"exact.{delivery.topic}"[:40],
        "entity_kind": "exact",
        "source": "exact",
        "entity_id": delivery.key[:64],
        "occurred_at": utcnow(),
        "data": delivery.content,
    }
    statuses = []
    for shop_id in shops:
        outcomes = ingest.store_events(rt, shop_id, [event])
        ingest.dispatch(rt, shop_id, [event], outcomes)
        statuses.append(outcomes[0].status)
    if not shops:
        log.info("Exact webhook for division %s matches no connected shop", delivery.division)
    status = "accepted" if "accepted" in statuses else ("duplicate" if statuses else "ignored")
    return jsonify({"status": status, "shops": len(shops)}), 200
