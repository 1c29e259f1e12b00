"""Event intake over real HTTP: validation, duplicates, persistence before 2xx."""

import json
import sqlite3
import threading

import pytest
from rq import Queue
from sqlalchemy import func, select

from sidecar.events.models import Event
from tests.support.signing import SignedClient, event


def _events(runtime) -> list[Event]:
    with runtime.db.session() as session:
        return list(session.scalars(select(Event).order_by(Event.id)))


def test_event_is_stored_then_enqueued_once(client: SignedClient, runtime, shop) -> None:
    first = client.post("/api/v1/events", event("evt-1"))
    assert first.status_code == 202
    assert first.json() == {"status": "accepted", "event_id": "evt-1"}
    again = client.post("/api/v1/events", event("evt-1"))
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    stored = _events(runtime)
    assert [(e.event_id, e.entity_id, e.state, e.entity_kind) for e in stored] == [
        ("evt-1", "15", "received", "order")
    ]
    assert stored[0].payload == {"id": 15, "status": "processing"}
    queue = Queue("orders", connection=runtime.redis)
    assert queue.count == 1
    job = queue.jobs[0]
    assert job.description == f"order:{shop.id}:15"
    assert job.args == (shop.id, "order", "15")


def test_second_event_for_waiting_entity_enqueues_nothing(client, runtime) -> None:
    assert client.post("/api/v1/events", event("a", "15")).status_code == 202
    assert client.post("/api/v1/events", event("b", "15")).status_code == 202
    assert client.post("/api/v1/events", event("c", "16")).status_code == 202
    assert len(_events(runtime)) == 3
    assert Queue("orders", connection=runtime.redis).count == 2
    customer = event("d", "7", type_="customer.updated", data={"id": 7})
    assert client.post("/api/v1/events", customer).status_code == 202
    assert Queue("default", connection=runtime.redis).count == 1


def test_validation_errors_name_the_fields(client, runtime) -> None:
    response = client.post("/api/v1/events", {**event(), "type": "order.exploded", "x": 1})
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"type", "x"}
    assert client.post("/api/v1/events", raw=b"[1]").status_code == 400
    assert client.post("/api/v1/events", raw=b"{not json").json()["error"]["code"] == (
        "invalid_json"
    )
    assert _events(runtime) == []


def test_not_json_and_too_large(client, live, runtime) -> None:
    body = json.dumps(event()).encode()
    headers = client.headers("POST", "/api/v1/events", body)
    headers["Content-Type"] = "text/plain"
    response = client.http.post(live + "/api/v1/events", data=body, headers=headers)
    assert response.status_code == 415
    big = json.dumps(event(data={"blob": "x" * (2 * 1024 * 1024)})).encode()
    response = client.post("/api/v1/events", raw=big)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    assert _events(runtime) == []


def test_batch_mixes_accepted_duplicate_and_invalid(client, runtime) -> None:
    assert client.post("/api/v1/events", event("old")).status_code == 202
    batch = {"events": [event("old"), event("new", "16"), {"id": "bad"}, event("new", "16"), 5]}
    response = client.post("/api/v1/events/batch", batch)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [
        "duplicate",
        "accepted",
        "invalid",
        "duplicate",
        "invalid",
    ]
    assert results[2]["id"] == "bad" and "type" in results[2]["error"]["fields"]
    assert sorted(e.event_id for e in _events(runtime)) == ["new", "old"]
    too_many = {"events": [event(f"e{i}", str(i)) for i in range(101)]}
    response = client.post("/api/v1/events/batch", too_many)
    assert response.status_code == 400 and "events" in response.json()["error"]["fields"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_database_failure_answers_503_and_loses_nothing(client, runtime, config) -> None:
    """A write lock held by another process makes the insert fail: the plugin must hear 503
    (so it keeps the event), and the same event sent again later is stored exactly once."""
    path = config.database_url.removeprefix("sqlite:///")
    client.get("/api/v1/shop")  # warm the shop lookup so only the insert meets the lock
    holder = sqlite3.connect(path, timeout=0.1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        response = client.post("/api/v1/events", event("locked"))
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert response.json()["error"]["code"] == "storage_unavailable"
    assert _events(runtime) == []
    assert client.post("/api/v1/events", event("locked")).status_code == 202
    assert [e.event_id for e in _events(runtime)] == ["locked"]


def test_redis_down_still_accepts_and_sweeper_enqueues(client, runtime, shop, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    from sidecar.db import utcnow
    from sidecar.jobs import tasks

    def broken(*_args, **_kwargs):
        raise RedisConnectionError("down")

    monkeypatch.setattr("sidecar.jobs.queues.Queues.enqueue_entity", broken)
    assert client.post("/api/v1/events", event("lost-enqueue")).status_code == 202
    monkeypatch.undo()
    assert Queue("orders", connection=runtime.redis).count == 0
    from dataclasses import replace

    runtime.config = replace(runtime.config, stale_event_seconds=1)
    import time

    time.sleep(1.1)
    with runtime.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1
    assert utcnow()  # clock sanity for the cutoff
    assert tasks.requeue_stale_events() == 1
    assert Queue("orders", connection=runtime.redis).count == 1
    assert tasks.requeue_stale_events() == 0, "a waiting job already covers the entity"


def test_concurrent_duplicates_store_one_row(client, runtime) -> None:
    results: list[int] = []

    def send() -> None:
        results.append(client.post("/api/v1/events", event("race")).status_code)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count(202) == 1 and results.count(200) == 7
    assert len(_events(runtime)) == 1
    assert Queue("orders", connection=runtime.redis).count == 1
