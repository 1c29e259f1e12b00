"""Signature checks over real HTTP (CONTRACT.md, "Signing")."""

import json
import time
from datetime import timedelta
from pathlib import Path

import requests
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.db import utcnow
from sidecar.security import sign
from sidecar.shops.models import Shop
from sidecar.shops.service import rotate_secret
from tests.support.signing import SignedClient, event

VECTORS = json.loads((Path(__file__).parents[1] / "data" / "signing-vectors.json").read_text())


def _code(response: requests.Response) -> str:
    return response.json()["error"]["code"]


def test_contract_vector_request_is_accepted(live, runtime) -> None:
    vector = VECTORS["vectors"][0]
    with runtime.db.session() as session:
        session.add(
            Shop(
                id=vector["shop"],
                platform="woocommerce",
                url="https://a.example",
                name="Vector",
                secret_enc=runtime.box.encrypt(vector["secret"]),
            )
        )
    runtime.config.__dict__["signature_tolerance"] = 10**9  # the vector's timestamp is fixed
    response = requests.post(
        live + vector["path"],
        data=vector["body"].encode(),
        headers={
            "X-Sidecar-Shop": vector["shop"],
            "X-Sidecar-Timestamp": str(vector["timestamp"]),
            "X-Sidecar-Signature": vector["signature"],
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 202, response.text
    assert response.json() == {"status": "accepted", "event_id": "evt-1"}


def test_tampered_body_wrong_path_and_missing_headers(client: SignedClient, live) -> None:
    body = json.dumps(event()).encode()
    headers = client.headers("POST", "/api/v1/events", body)
    tampered = requests.post(
        live + "/api/v1/events", data=body.replace(b"15", b"16"), headers=headers
    )
    assert tampered.status_code == 401 and _code(tampered) == "bad_signature"
    wrong_path = requests.post(live + "/api/v1/events/batch", data=body, headers=headers)
    assert wrong_path.status_code == 401 and _code(wrong_path) == "bad_signature"
    for missing in ("X-Sidecar-Signature", "X-Sidecar-Timestamp", "X-Sidecar-Shop"):
        partial = {k: v for k, v in headers.items() if k != missing}
        response = requests.post(live + "/api/v1/events", data=body, headers=partial)
        assert response.status_code == 401, missing
    signed_query = client.headers("GET", "/api/v1/shop/activity?limit=5", b"")
    other_query = requests.get(live + "/api/v1/shop/activity?limit=6", headers=signed_query)
    assert _code(other_query) == "bad_signature"
    assert (
        requests.get(live + "/api/v1/shop/activity?limit=5", headers=signed_query).status_code
        == 200
    )


def test_stale_and_future_timestamps(client: SignedClient) -> None:
    now = int(time.time())
    for skew in (-301, 301, -10_000):
        response = client.post("/api/v1/events", event(f"e{skew}"), timestamp=now + skew)
        assert response.status_code == 401 and _code(response) == "stale_timestamp"
    assert client.post("/api/v1/events", event("near"), timestamp=now - 250).status_code == 202


def test_unknown_shop(live, shop) -> None:
    stranger = SignedClient(live, "shp_doesnotexist", shop.secret)
    response = stranger.get("/api/v1/shop")
    assert response.status_code == 401 and _code(response) == "unknown_shop"


def test_rotated_secret_old_works_during_grace_only(client: SignedClient, runtime, shop) -> None:
    with runtime.db.session() as session:
        new_secret = rotate_secret(session, runtime.box, shop.id, grace_seconds=3600)
    assert client.get("/api/v1/shop").status_code == 200, "old secret inside grace"
    fresh = SignedClient(client.base_url, shop.id, new_secret)
    assert fresh.get("/api/v1/shop").status_code == 200
    with runtime.db.session() as session:
        session.get(Shop, shop.id).previous_secret_until = utcnow() - timedelta(seconds=1)
    response = client.get("/api/v1/shop")
    assert response.status_code == 401 and _code(response) == "bad_signature"
    assert fresh.get("/api/v1/shop").status_code == 200


def test_signature_of_other_shop_is_refused(live, runtime, shop) -> None:
    from sidecar.shops.service import add_shop

    with runtime.db.session() as session:
        other = add_shop(session, runtime.box, "magento", "https://m.example", "Other")
    mixed = SignedClient(live, shop.id, other.secret)
    assert _code(mixed.get("/api/v1/shop")) == "bad_signature"
    assert sign(other.secret, 1, "GET", "/", b"") != sign(shop.secret, 1, "GET", "/", b"")


def test_a_flooding_shop_gets_429_with_retry_after(client, app) -> None:
    from sidecar.web.flood import FloodGuard

    app.extensions["sidecar.flood"] = FloodGuard(rate_per_second=1, burst=2)
    assert client.get("/api/v1/shop").status_code == 200
    assert client.get("/api/v1/shop").status_code == 200
    flooded = client.get("/api/v1/shop")
    assert flooded.status_code == 429
    assert flooded.json()["error"]["code"] == "too_many_requests"
    assert int(flooded.headers["Retry-After"]) >= 1


def test_a_replayed_state_change_acts_once_and_gets_the_first_answer(
    client: SignedClient, runtime
) -> None:
    now = int(time.time())
    first = client.put(
        "/api/v1/shop/settings", {"document": {"type": "sales_order"}}, timestamp=now
    )
    assert first.status_code == 200 and "X-Sidecar-Replayed" not in first.headers
    again = client.put(
        "/api/v1/shop/settings", {"document": {"type": "sales_order"}}, timestamp=now
    )
    assert again.status_code == 200 and again.headers["X-Sidecar-Replayed"] == "1"
    assert again.json() == first.json()
    with runtime.db.session() as session:
        saved = session.scalars(select(Activity).where(Activity.kind == "settings")).all()
    assert len(saved) == 1, "the replay changed nothing"
    # A refused request is replayed as refused; a new signature (a new second) acts anew.
    bad = {"document": {"type": "nonsense"}}
    refused = client.put("/api/v1/shop/settings", bad, timestamp=now)
    assert refused.status_code == 400
    assert client.put("/api/v1/shop/settings", bad, timestamp=now).status_code == 400
    later = client.put(
        "/api/v1/shop/settings", {"document": {"type": "sales_order"}}, timestamp=now + 1
    )
    assert later.status_code == 200 and "X-Sidecar-Replayed" not in later.headers
