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


SUBSCRIPTIONS = "webhooks/WebhookSubscriptions"
OTHER_USER = "7f6e5d4c-0000-4000-8000-0000000000aa"


def _hooked(exact) -> dict[str, str]:
    return {r["Topic"]: r["CallbackURL"] for r in exact.records(100001, SUBSCRIPTIONS)}


def _connection_lines(runtime) -> list:
    from sidecar.activity.models import Activity

    with runtime.db.session() as session:
        return list(session.scalars(select(Activity).where(Activity.kind == "connection")))


def test_a_changed_public_url_replaces_the_apps_old_subscriptions(
    client, exact_runtime, exact, live, shop
) -> None:
    from sidecar.sync.pushback import status_poll

    oauth_dance(client, live, division=100001)
    exact_client = ExactClient(exact_runtime, shop.id)
    old = "https://old-sidecar.example.test/hooks/exact"
    for topic in ("SalesOrders", "SalesInvoices"):
        exact.insert_record(
            100001,
            SUBSCRIPTIONS,
            {"CallbackURL": old, "Topic": topic, "ClientID": exact.config.client_id},
        )
    mark = len(exact.request_log())
    assert status_poll.subscribe(exact_runtime, shop.id) == "subscribed"

    url = status_poll.callback_url(exact_runtime)
    assert _hooked(exact) == {topic: url for topic in webhooks.STATUS_TOPICS}
    posts = [r for r in exact.request_log(since=mark) if r["endpoint"] == SUBSCRIPTIONS]
    assert all(r["status"] < 300 for r in posts), "no subscription beside an old one was tried"
    moved = [a.message for a in _connection_lines(exact_runtime) if old in a.message]
    assert len(moved) == 2 and all(f"now points at {url}" in m for m in moved), moved
    assert status_poll.webhooks_active(exact_runtime, shop.id, 100001)
    again = len(exact.request_log())
    assert webhooks.ensure_subscriptions(exact_client, webhooks.STATUS_TOPICS, url).created == ()
    assert len(exact.request_log()) - again == 1, "an up-to-date division costs one listing"


@pytest.mark.parametrize("scope", ["user", "app"])
def test_another_users_subscription_is_reported_or_replaced_by_scope(
    client, exact_runtime, exact, live, shop, scope
) -> None:
    from sidecar.sync.pushback import status_poll

    exact.config.webhook_scope = scope  # unconfirmed at Exact: the sidecar must cope with both
    oauth_dance(client, live, division=100001)
    theirs = "https://other-install.example.test/hooks/exact"
    exact.insert_record(
        100001,
        SUBSCRIPTIONS,
        {
            "CallbackURL": theirs,
            "Topic": "SalesInvoices",
            "ClientID": exact.config.client_id,
            "UserID": OTHER_USER,
        },
    )
    url = status_poll.callback_url(exact_runtime)
    outcome = status_poll.subscribe(exact_runtime, shop.id)
    hooked = _hooked(exact)
    warnings = [a for a in _connection_lines(exact_runtime) if a.level == "warning"]
    if scope == "app":
        assert outcome == "subscribed" and hooked["SalesInvoices"] == url
        assert warnings == []
        assert status_poll.webhooks_active(exact_runtime, shop.id, 100001)
        return
    assert outcome == "blocked"
    assert hooked["SalesInvoices"] == theirs, "another user's subscription is left alone"
    assert all(hooked[t] == url for t in webhooks.STATUS_TOPICS if t != "SalesInvoices")
    [warning] = warnings
    assert "SalesInvoices" in warning.message and "another Exact user" in warning.message
    assert "Connect Exact Online again" in warning.resolution
    assert not status_poll.webhooks_active(exact_runtime, shop.id, 100001), "statuses are polled"
    assert status_poll.subscribe(exact_runtime, shop.id) == "blocked"
    assert len([a for a in _connection_lines(exact_runtime) if a.level == "warning"]) == 1


@pytest.mark.parametrize("shops", [1, 2])
def test_disconnecting_removes_the_subscriptions_no_other_shop_uses(
    client, exact_runtime, exact, live, shop, shops
) -> None:
    from sidecar.shops.service import add_shop
    from sidecar.sync.pushback import status_poll
    from tests.support.signing import SignedClient

    oauth_dance(client, live, division=100001)
    if shops == 2:  # a second shop of this sidecar books in the same administration
        with exact_runtime.db.session() as session:
            other = add_shop(session, exact_runtime.box, "magento", "https://b.example.nl", "B")
        signed = SignedClient(live, other.id, other.secret)
        oauth_dance(signed, live, division=100001, return_url="https://b.example.nl/admin/")
    assert status_poll.subscribe(exact_runtime, shop.id) == "subscribed"
    url = status_poll.callback_url(exact_runtime)
    assert set(_hooked(exact)) == set(webhooks.STATUS_TOPICS)

    answer = client.post("/api/v1/shop/exact/disconnect", {})
    assert answer.status_code == 200 and answer.json()["status"] == "disconnected"
    left = _hooked(exact)
    if shops == 1:
        assert left == {}, "nothing keeps calling a shop that left"
        said = [a.message for a in _connection_lines(exact_runtime) if "Removed" in a.message]
        assert said and str(len(webhooks.STATUS_TOPICS)) in said[0]
    else:
        assert left == {topic: url for topic in webhooks.STATUS_TOPICS}, "the other shop's"
