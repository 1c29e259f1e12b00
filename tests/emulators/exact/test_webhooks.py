"""Webhooks: validation POST on subscribe, deliveries with Exact's HashCode, topic filtering."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.support.exact_emulator import D1, account_id, error_message, item_id


class Receiver:
    """A webhook receiver on loopback that records raw bodies and answers ``status``."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.status = 200
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/exact"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def app(self, environ, start_response):
        request = Request(environ)
        self.bodies.append(request.get_data())
        return Response("", status=self.status)(environ, start_response)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver()
    yield hook
    hook.close()


def subscribe(api, receiver: Receiver, topic: str):
    return api.post("webhooks/WebhookSubscriptions", {"CallbackURL": receiver.url, "Topic": topic})


def test_subscribe_sends_an_empty_validation_post_first(api, receiver):
    response = subscribe(api, receiver, "Accounts")
    assert response.status_code == 201, response.text
    assert receiver.bodies == [b""]  # validated before the subscription was answered
    d = response.json()["d"]
    assert d["ClientID"] == api.handle.config.client_id and d["Division"] == D1
    listed = api.rows("webhooks/WebhookSubscriptions")
    assert [row["ID"] for row in listed] == [d["ID"]]


def test_failing_callback_fails_the_subscription(api, receiver):
    receiver.status = 500
    response = subscribe(api, receiver, "Accounts")
    assert response.status_code == 500
    assert error_message(response).startswith("Invalid: Post to callback URL endpoint returns")
    assert api.rows("webhooks/WebhookSubscriptions") == []


def test_subscription_rules(api, receiver):
    plain_http = api.post(
        "webhooks/WebhookSubscriptions",
        {"CallbackURL": "http://shop.example/hooks", "Topic": "Accounts"},
    )
    assert plain_http.status_code == 400
    unknown_topic = subscribe(api, receiver, "Wishes")
    assert unknown_topic.status_code == 400
    instant = api.post(
        "webhooks/WebhookSubscriptions",
        {"CallbackURL": receiver.url, "Topic": "Accounts", "IsInstant": True},
    )
    assert instant.status_code == 400
    assert subscribe(api, receiver, "Accounts").status_code == 201
    duplicate = subscribe(api, receiver, "Accounts")
    assert duplicate.status_code == 500 and error_message(duplicate) == "Gegeven bestaat reeds."


def _other_user_subscription(exact, receiver: Receiver, topic: str) -> dict:
    return exact.insert_record(
        D1,
        "webhooks/WebhookSubscriptions",
        {
            "CallbackURL": receiver.url,
            "Topic": topic,
            "ClientID": exact.config.client_id,
            "UserID": "7f6e5d4c-0000-4000-8000-0000000000aa",
            "IsInstant": False,
        },
    )


def test_one_subscription_per_topic_whatever_the_url(api, receiver):
    assert subscribe(api, receiver, "SalesOrders").status_code == 201
    moved = api.post(
        "webhooks/WebhookSubscriptions",
        {"CallbackURL": receiver.url.replace("/hooks/exact", "/new/hooks"), "Topic": "SalesOrders"},
    )
    assert moved.status_code == 500 and error_message(moved) == "Gegeven bestaat reeds."
    assert len(api.rows("webhooks/WebhookSubscriptions")) == 1
    assert subscribe(api, receiver, "Items").status_code == 201, "other topics are free"


def test_another_users_subscription_is_in_the_way_and_out_of_reach(exact, api, receiver):
    theirs = _other_user_subscription(exact, receiver, "SalesInvoices")
    assert api.rows("webhooks/WebhookSubscriptions") == []
    path = f"webhooks/WebhookSubscriptions(guid'{theirs['ID']}')"
    assert api.get(path).status_code == 404
    assert api.delete(path).status_code == 404
    blocked = subscribe(api, receiver, "SalesInvoices")
    assert blocked.status_code == 500 and error_message(blocked) == "Gegeven bestaat reeds."


def test_with_app_scope_every_user_of_the_app_sees_and_deletes_them(
    exact, api, receiver, monkeypatch
):
    monkeypatch.setattr(exact.config, "webhook_scope", "app")  # the emulator is per module
    theirs = _other_user_subscription(exact, receiver, "SalesInvoices")
    assert [r["ID"] for r in api.rows("webhooks/WebhookSubscriptions")] == [theirs["ID"]]
    path = f"webhooks/WebhookSubscriptions(guid'{theirs['ID']}')"
    assert api.delete(path).status_code == 204
    assert subscribe(api, receiver, "SalesInvoices").status_code == 201


def test_changes_are_delivered_with_a_valid_hashcode(exact, api, receiver):
    assert subscribe(api, receiver, "Accounts").status_code == 201
    assert subscribe(api, receiver, "SalesOrders").status_code == 201
    key = account_id("1")
    assert api.put(f"crm/Accounts(guid'{key}')", {"City": "Zwolle"}).status_code == 204
    order = api.post(
        "salesorder/SalesOrders",
        {"OrderedBy": key, "SalesOrderLines": [{"Item": item_id("MUG")}]},
    ).json()["d"]
    api.post("logistics/Items", {"Code": "NEW", "Description": "No subscription"})
    deliveries = [d for d in exact.webhook_deliveries() if d["kind"] == "delivery"]
    assert [(d["topic"], d["status"]) for d in deliveries] == [
        ("Accounts", 200),
        ("SalesOrders", 200),
    ]
    raw = receiver.bodies[-2]
    match = re.fullmatch(rb'\{"Content":(.*),"HashCode":"([0-9A-F]{64})"\}', raw)
    assert match, raw
    content, received = match.group(1), match.group(2).decode()
    secret = exact.config.webhook_secret.encode()
    assert received == hmac.new(secret, content, hashlib.sha256).hexdigest().upper()
    fields = json.loads(content)
    assert fields["Topic"] == "Accounts" and fields["Action"] == "Update"
    assert fields["Key"] == key and fields["Division"] == D1
    assert fields["ClientId"] == exact.config.client_id
    assert (
        fields["ExactOnlineEndpoint"] == f"{exact.base_url}/api/v1/{D1}/crm/Accounts(guid'{key}')"
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}", fields["EventCreatedOn"])
    order_event = json.loads(
        re.match(rb'\{"Content":(.*),"HashCode"', receiver.bodies[-1]).group(1)
    )
    assert order_event["Action"] == "Create" and order_event["Key"] == order["OrderID"]


def test_other_secret_does_not_verify(exact, api, receiver):
    subscribe(api, receiver, "Accounts")
    api.post("crm/Accounts", {"Name": "Hash"})
    exact.webhook_deliveries()
    content = re.match(rb'\{"Content":(.*),"HashCode":"(.*)"\}', receiver.bodies[-1])
    wrong = hmac.new(b"other", content.group(1), hashlib.sha256).hexdigest().upper()
    assert content.group(2).decode() != wrong
