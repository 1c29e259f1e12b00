"""The shop surface over real HTTP: status, settings, activity paging, credentials."""

import time
from dataclasses import replace

from sqlalchemy import select

from sidecar.activity import log as activity
from sidecar.exact.models import Connection
from sidecar.shops.models import Shop
from sidecar.shops.service import load_credentials
from tests.support.orders import run_jobs


def test_shop_status(client, runtime, shop) -> None:
    body = client.get("/api/v1/shop").json()
    assert body["id"] == shop.id and body["platform"] == "woocommerce"
    assert body["exact"]["connected"] is False and body["exact"]["needs_reauth"] is False
    assert body["queue"] == {"pending": 0, "failed": 0}
    assert body["last_activity"] is None
    with runtime.db.session() as session:
        session.add(
            Connection(
                shop_id=shop.id,
                region="nl",
                division=12345,
                division_name="Demo BV",
                state="needs_reauth",
            )
        )
        activity.record(
            session, shop.id, "connection", "Exact asks to sign in again.", level="warning"
        )
    body = client.get("/api/v1/shop").json()
    assert body["exact"] == {
        "connected": False,
        "needs_reauth": True,
        "region": "nl",
        "division": 12345,
        "division_name": "Demo BV",
    }
    assert body["last_activity"]["message"] == "Exact asks to sign in again."


def test_settings_defaults_validation_and_save(client, runtime, shop) -> None:
    from sidecar.shops.settings import default_settings

    defaults = client.get("/api/v1/shop/settings").json()
    assert defaults == default_settings("woocommerce")
    assert defaults["trigger_statuses"] == ["processing", "completed"]
    assert defaults["document"]["type"] == "sales_order"
    bad = client.put("/api/v1/shop/settings", {"trigger_statuses": [], "colour": "red"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"trigger_statuses", "colour"}
    good = client.put("/api/v1/shop/settings", {"trigger_statuses": ["completed"]})
    assert good.status_code == 200
    assert good.json() == {**defaults, "trigger_statuses": ["completed"]}
    assert client.get("/api/v1/shop/settings").json()["trigger_statuses"] == ["completed"]
    full = dict(
        good.json(),
        document={
            "type": "sales_invoice",
            "journal": "70",
            "process": True,
            "email_customer": True,
        },
        vat={
            "rates": [
                {"shop_rate": "1", "exact": "21"},
                {"country": "BE", "percent": "21", "exact": "OBE"},
            ],
            "reverse_charge": "ICP",
        },
    )
    saved = client.put("/api/v1/shop/settings", full)
    assert saved.status_code == 200, saved.text
    assert saved.json()["vat"]["rates"][1] == {
        "shop_rate": None,
        "country": "BE",
        "percent": "21.0000",
        "exact": "OBE",
    }
    assert client.get("/api/v1/shop/settings").json() == saved.json()
    gap = client.put("/api/v1/shop/settings", dict(full, document={"type": "direct_invoice"}))
    assert gap.status_code == 400
    assert set(gap.json()["error"]["fields"]) == {"document.journal", "document.warehouse"}
    assert client.put("/api/v1/shop/settings", raw=b"[]").status_code == 400


def test_contract_vector_settings_body_is_accepted_shape_wise(client) -> None:
    # The third signing vector's body carries an unknown key ("naam"): it must be refused by name.
    response = client.put(
        "/api/v1/shop/settings",
        {"trigger_statuses": ["processing", "completed"], "naam": "Café Noord"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"naam": ["Unknown field."]}


def test_activity_paging_newest_first(client, runtime, shop) -> None:
    with runtime.db.session() as session:
        for i in range(7):
            activity.record(session, shop.id, "order", f"line {i}", entity=f"order:{i}")
    first = client.get("/api/v1/shop/activity?limit=3").json()
    assert [i["message"] for i in first["items"]] == ["line 6", "line 5", "line 4"]
    second = client.get(f"/api/v1/shop/activity?limit=3&before={first['next']}").json()
    assert [i["message"] for i in second["items"]] == ["line 3", "line 2", "line 1"]
    third = client.get(f"/api/v1/shop/activity?limit=3&before={second['next']}").json()
    assert [i["message"] for i in third["items"]] == ["line 0"] and third["next"] is None
    for bad in ("limit=0", "limit=500", "before=abc", "limit=x", "other=1"):
        response = client.get(f"/api/v1/shop/activity?{bad}")
        assert response.status_code == 400, bad


def test_activity_filters_by_level_kind_entity_and_text(client, runtime, shop) -> None:
    with runtime.db.session() as session:
        activity.record(session, shop.id, "order", "posted 100%", entity="order:1")
        activity.record(
            session, shop.id, "order", "no revenue account", level="error", entity="order:2"
        )
        activity.record(
            session,
            shop.id,
            "connection",
            "Exact asks to sign in again.",
            level="warning",
            resolution="Reconnect under Settings > Exact Online",
        )
        activity.record(session, shop.id, "order", "posted 1000", entity="order:3")

    def messages(query: str) -> list[str]:
        response = client.get(f"/api/v1/shop/activity?{query}")
        assert response.status_code == 200, response.text
        return [i["message"] for i in response.json()["items"]]

    assert messages("level=error") == ["no revenue account"]
    assert messages("level=error,warning") == [
        "Exact asks to sign in again.",
        "no revenue account",
    ]
    assert messages("kind=connection") == ["Exact asks to sign in again."]
    assert messages("entity=order:2") == ["no revenue account"]
    # text is found in the resolution too, case-insensitively
    assert messages("q=RECONNECT") == ["Exact asks to sign in again."]
    # a percent sign is searched for, not a wildcard
    assert messages("q=100%25") == ["posted 100%"]
    assert messages("kind=order&level=info&limit=1") == ["posted 1000"]
    for bad, field in (("level=fatal", "level"), ("kind=Order!", "kind"), ("q=", "q")):
        response = client.get(f"/api/v1/shop/activity?{bad}")
        assert response.status_code == 400, bad
        assert field in response.json()["error"]["fields"], response.text


def test_activity_is_scoped_to_the_shop(client, runtime, shop) -> None:
    from sidecar.shops.service import add_shop

    with runtime.db.session() as session:
        other = add_shop(session, runtime.box, "magento", "https://m.example", "Other")
        activity.record(session, other.id, "order", "not yours")
    assert client.get("/api/v1/shop/activity").json()["items"] == []


def test_credentials_are_validated_and_stored_encrypted(client, runtime, shop) -> None:
    bad = client.post("/api/v1/shop/credentials", {"consumer_key": "nope"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"consumer_key", "consumer_secret"}
    creds = {"consumer_key": "ck_0123456789abcdef", "consumer_secret": "cs_fedcba9876543210"}
    assert client.post("/api/v1/shop/credentials", creds).json() == {"status": "stored"}
    with runtime.db.session() as session:
        row = session.scalar(select(Shop).where(Shop.id == shop.id))
        assert "cs_fedcba9876543210" not in row.credentials_enc
        assert load_credentials(row, runtime.box) == creds
        lines = activity.page(session, shop.id, 10, None).items
    assert all("cs_fedcba" not in (line["message"] or "") for line in lines)
    assert client.get("/api/v1/shop").json()["credentials_stored"] is True


def test_unknown_route_and_method_are_json(client) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = client.request("DELETE", "/api/v1/shop")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert {m.strip() for m in wrong.headers["Allow"].split(",")} >= {"GET"}
    assert "DELETE" not in wrong.headers["Allow"]
    both = client.request("DELETE", "/api/v1/shop/settings")
    assert {m.strip() for m in both.headers["Allow"].split(",")} >= {"GET", "PUT"}


def test_health_and_metrics(client, live, runtime) -> None:
    import requests

    assert requests.get(live + "/healthz").json() == {"status": "ok", "db": "ok", "redis": "ok"}
    client.post(
        "/api/v1/events",
        {
            "id": "m1",
            "type": "order.updated",
            "occurred_at": "2026-11-21T12:00:00Z",
            "entity_id": "1",
            "data": {"id": 1},
        },
    )
    client.post(
        "/api/v1/events",
        {
            "id": "m1",
            "type": "order.updated",
            "occurred_at": "2026-11-21T12:00:00Z",
            "entity_id": "1",
            "data": {"id": 1},
        },
    )
    text = requests.get(live + "/metrics").text
    assert f'sidecar_events_total{{outcome="accepted",shop="{client.shop_id}"}} 1.0' in text
    assert f'sidecar_events_total{{outcome="duplicate",shop="{client.shop_id}"}} 1.0' in text
    assert 'sidecar_queue_jobs{queue="orders",state="queued"} 1.0' in text
    time.sleep(0.2)  # the job waits in its queue a measurable while
    run_jobs(runtime)
    text = requests.get(live + "/metrics").text
    assert 'sidecar_job_wait_seconds_count{queue="orders"} 1.0' in text, "one job was taken"
    waited = float(text.split('sidecar_job_wait_seconds_sum{queue="orders"} ')[1].split()[0])
    assert 0.2 <= waited < 60, waited
    assert 'sidecar_job_duration_seconds_count{queue="orders"} 1.0' in text


def test_health_names_what_is_down(app, live, runtime) -> None:
    import requests
    from redis import Redis

    runtime.redis = Redis(port=1, socket_connect_timeout=0.2)
    response = requests.get(live + "/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "db": "ok", "redis": "down"}


def test_a_shop_removed_while_cached_is_an_unknown_shop_not_an_outage(runtime, shop) -> None:
    """The web role caches shops for a few seconds (SIDECAR_SHOP_CACHE_SECONDS); a shop
    removed with the CLI inside that window used to get 503 (its event broke a foreign key)."""
    from dataclasses import replace

    from sidecar.app import create_app
    from sidecar.shops.service import remove_shop
    from tests.support.live import serve
    from tests.support.signing import SignedClient, event

    runtime.config = replace(runtime.config, shop_cache_seconds=60.0)
    with serve(create_app(runtime=runtime)) as url:
        client = SignedClient(url, shop.id, shop.secret)
        assert client.get("/api/v1/shop").status_code == 200  # the shop is cached now
        with runtime.db.session() as session:
            remove_shop(session, shop.id)
        answer = client.post("/api/v1/events", event("gone-1", "15"))
        assert answer.status_code == 401, answer.text
        assert answer.json()["error"]["code"] == "unknown_shop"
        again = client.get("/api/v1/shop")  # forgotten by the cache at once
        assert again.status_code == 401 and again.json()["error"]["code"] == "unknown_shop"


def test_put_of_an_empty_document_stores_the_defaults(client) -> None:
    """The contract: PUT replaces the document, and what it leaves out gets its defaults; the
    trigger statuses too (they are the platform's), so PUT {} is a reset, not a 400."""
    changed = client.put("/api/v1/shop/settings", {"trigger_statuses": ["completed"]})
    assert changed.status_code == 200
    reset = client.put("/api/v1/shop/settings", {})
    assert reset.status_code == 200, reset.text
    assert reset.json()["trigger_statuses"] == ["processing", "completed"]
    assert client.get("/api/v1/shop/settings").json() == reset.json()


def test_metrics_can_require_a_token(runtime) -> None:
    import requests

    from sidecar.app import create_app
    from tests.support.live import serve

    runtime.config = replace(runtime.config, metrics_token="m3tr1cs-t0ken")
    with serve(create_app(runtime=runtime)) as url:
        missing = requests.get(url + "/metrics", timeout=10)
        assert missing.status_code == 401 and missing.json()["error"]["code"] == "bad_token"
        assert missing.headers["WWW-Authenticate"].startswith("Bearer")
        wrong = requests.get(url + "/metrics", headers={"Authorization": "Bearer nope"}, timeout=10)
        assert wrong.status_code == 401
        right = requests.get(
            url + "/metrics", headers={"Authorization": "Bearer m3tr1cs-t0ken"}, timeout=10
        )
        assert right.status_code == 200 and "sidecar_" in right.text
        assert requests.get(url + "/healthz", timeout=10).status_code == 200, "health stays open"


def test_connect_pages_of_a_shop_that_is_gone(runtime, shop, live) -> None:
    """Found by the OpenAPI test's author: both answered 500."""
    import requests

    from sidecar.app import create_app
    from sidecar.exact.auth import sign_state
    from sidecar.shops.service import remove_shop
    from tests.support.live import serve
    from tests.support.signing import SignedClient

    # The administration page posted after the connection went away: a page, not a 500.
    token = sign_state(
        runtime, {"s": shop.id, "u": "https://shop.example.nl/x", "d": [[100001, "Demo"]]}
    )
    page = requests.post(
        live + "/oauth/exact/division", data={"token": token, "division": "100001"}, timeout=10
    )
    assert page.status_code == 409 and "no longer connected" in page.text

    # Connect for a shop removed while this web process still caches it: 401 unknown_shop.
    runtime.config = replace(runtime.config, shop_cache_seconds=60.0)
    with serve(create_app(runtime=runtime)) as url:
        client = SignedClient(url, shop.id, shop.secret)
        assert client.get("/api/v1/shop").status_code == 200  # cached now
        with runtime.db.session() as session:
            remove_shop(session, shop.id)
        answer = client.post(
            "/api/v1/shop/exact/connect", {"return_url": "https://shop.example.nl/x"}
        )
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unknown_shop"
