"""Exact webhooks: HashCode verification, the validation POST, deliveries stored as events."""

import json
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from sidecar.events.models import Event
from sidecar.exact import webhooks
from sidecar.exact.client import ExactClient
from tests.support.exact import WEBHOOK_SECRET, oauth_dance

FIXTURE = Path(__file__).parents[2] / "data" / "fixtures" / "exact" / "webhook-salesorders.json"


def _signed(content: dict, secret: str = WEBHOOK_SECRET) -> bytes:
    raw = json.dumps(content, separators=(",", ":"))
    return (
        '{"Content":' + raw + ',"HashCode":"' + webhooks.hash_code(secret, raw.encode()) + '"}'
    ).encode()


def test_hashcode_is_upper_hex_hmac_of_the_raw_content() -> None:
    body = FIXTURE.read_bytes().strip()
    content = body[len(b'{"Content":') : body.index(b',"HashCode":')]
    code = webhooks.hash_code("secret", content)
    assert code == code.upper() and len(code) == 64
    resigned = body[: body.index(b',"HashCode":')] + b',"HashCode":"' + code.encode() + b'"}'
    delivery = webhooks.verify(resigned, "secret")
    assert delivery.topic == "SalesOrders" and delivery.division == 441609
    assert delivery.key == "19cee073-095e-46d1-8d2d-f3fc97ba5bc1"
    with pytest.raises(webhooks.BadDelivery):
        webhooks.verify(resigned.replace(code.encode(), code.lower().encode()), "secret")
    with pytest.raises(webhooks.BadDelivery):
        webhooks.verify(resigned.replace(b"Update", b"Delete"), "secret")
    with pytest.raises(webhooks.BadDelivery):  # the published sample's secret is not "secret"
        webhooks.verify(body, "secret")


def test_raw_text_not_reserialised_json_is_what_is_signed() -> None:
    raw = '{"Topic": "Items",  "Division": 1, "Key": "k"}'  # unusual spacing, still valid
    body = (
        '{"Content":' + raw + ',"HashCode":"' + webhooks.hash_code("s", raw.encode()) + '"}'
    ).encode()
    assert webhooks.verify(body, "s").topic == "Items"


def test_hook_route_validation_post_bad_signature_and_storage(
    client, exact_runtime, exact, live, shop
) -> None:
    oauth_dance(client, live, division=100001)
    assert requests.post(live + "/hooks/exact", data=b"", timeout=10).status_code == 200
    content = {
        "Topic": "SalesOrders",
        "ClientId": exact_runtime.config.exact_client_id,
        "Division": 100001,
        "Action": "Update",
        "Key": "19cee073-095e-46d1-8d2d-f3fc97ba5bc1",
        "ExactOnlineEndpoint": "x",
        "EventCreatedOn": "2026-11-21T12:00:00.000",
    }
    forged = _signed(content, "not-the-secret")
    response = requests.post(live + "/hooks/exact", data=forged, timeout=10)
    assert response.status_code == 401
    with exact_runtime.db.session() as session:
        assert session.scalars(select(Event)).all() == []
    good = _signed(content)
    first = requests.post(live + "/hooks/exact", data=good, timeout=10)
    assert first.json() == {"status": "accepted", "shops": 1}
    again = requests.post(live + "/hooks/exact", data=good, timeout=10)
    assert again.json()["status"] == "duplicate"
    with exact_runtime.db.session() as session:
        [event] = session.scalars(select(Event)).all()
    assert (event.source, event.entity_kind, event.type) == ("exact", "exact", "exact.SalesOrders")
    assert event.entity_id == content["Key"] and event.shop_id == shop.id
    other_app = _signed(dict(content, ClientId="someone-else", EventCreatedOn="later"))
    assert requests.post(live + "/hooks/exact", data=other_app, timeout=10).status_code == 401


def test_subscribe_delivers_the_validation_post_and_changes(
    client, exact_runtime, exact, live, shop
) -> None:
    oauth_dance(client, live, division=100001)
    exact_client = ExactClient(exact_runtime, shop.id)
    callback = live + "/hooks/exact"
    created = webhooks.subscribe(exact_client, "Accounts", callback)
    assert created["Topic"] == "Accounts"
    assert webhooks.subscribe(exact_client, "Accounts", callback)["ID"] == created["ID"]
    account = exact_client.create("crm/Accounts", {"Name": "Webhook BV"})
    deliveries = exact.webhook_deliveries()
    assert deliveries[0]["status"] == 200, "the empty validation POST was answered"
    assert any(d.get("status") == 200 and account["ID"] in json.dumps(d) for d in deliveries[1:])
    with exact_runtime.db.session() as session:
        keys = {e.entity_id for e in session.scalars(select(Event))}
    assert account["ID"] in keys
    assert webhooks.unsubscribe_all(exact_client, callback) == 1
    assert webhooks.subscriptions(exact_client) == []
