"""Queues, the entity job and the scheduler against a real Redis and both databases."""

import pytest
from rq import Queue, SimpleWorker
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.errors import NothingToDo, PermanentError, RetryableError
from sidecar.events import ingest
from sidecar.events.models import Event
from sidecar.events.schemas import EVENT_SCHEMA
from sidecar.jobs import scheduler, tasks
from sidecar.jobs.queues import PENDING_PREFIX, Queues, entity_key
from sidecar.jobs.schedule import PERIODIC
from tests.support.signing import event


@pytest.fixture
def flow(monkeypatch):  # noqa: ANN201
    """Register a test handler for orders that does what the test tells it to."""
    calls: list[list[str]] = []
    behaviour: dict = {"raise": None}

    def handle(rt, shop_id, entity_id, events):  # noqa: ANN001, ANN202
        calls.append([e.event_id for e in events])
        if behaviour["raise"] is not None:
            raise behaviour["raise"]

    monkeypatch.setitem(tasks.HANDLERS, "order", handle)
    return calls, behaviour


def _accept(runtime, shop_id: str, *events: dict) -> None:
    loaded = [EVENT_SCHEMA.load(e) for e in events]
    outcomes = ingest.store_events(runtime, shop_id, loaded)
    ingest.dispatch(runtime, shop_id, loaded, outcomes)


def _work(runtime) -> None:
    SimpleWorker(["orders", "default"], connection=runtime.redis).work(burst=True)


def _states(runtime) -> dict[str, str]:
    with runtime.db.session() as session:
        return {e.event_id: e.state for e in session.scalars(select(Event))}


def _activity(runtime) -> list[Activity]:
    with runtime.db.session() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


def test_enqueue_dedupes_until_the_job_starts(runtime) -> None:
    queues = Queues(runtime.redis)
    key = entity_key("order", "shp_x", "15")
    first = queues.enqueue_entity("orders", key, "shp_x", "order", "15")
    assert first is not None and first.startswith("order-shp_x-15-")
    assert queues.enqueue_entity("orders", key, "shp_x", "order", "15") is None
    assert Queue("orders", connection=runtime.redis).count == 1
    queues.claim(key, "some-other-job")
    assert queues.is_pending(key), "only the job the marker names may clear it"
    queues.claim(key, first)
    assert not queues.is_pending(key)
    assert queues.enqueue_entity("orders", key, "shp_x", "order", "15") is not None


def test_events_of_one_entity_are_handled_together(runtime, shop, flow) -> None:
    calls, _ = flow
    _accept(runtime, shop.id, event("a", "15"), event("b", "15"), event("c", "16"))
    _work(runtime)
    assert sorted(calls) == [["a", "b"], ["c"]]
    assert _states(runtime) == {"a": "processed", "b": "processed", "c": "processed"}
    assert not runtime.redis.keys(PENDING_PREFIX + "*")


def test_retryable_error_schedules_a_new_job_at_the_computed_time(runtime, shop, flow) -> None:
    _, behaviour = flow
    behaviour["raise"] = RetryableError("Exact says 429", seconds=90, counts=False)
    _accept(runtime, shop.id, event("a", "15"))
    _work(runtime)
    assert _states(runtime) == {"a": "received"}
    registry = ScheduledJobRegistry(queue=Queue("orders", connection=runtime.redis))
    [job_id] = registry.get_job_ids()
    scheduled = registry.get_scheduled_time(job_id)
    from datetime import UTC, datetime

    wait = (scheduled - datetime.now(UTC)).total_seconds()
    assert 80 < wait <= 90
    job = Queue("orders", connection=runtime.redis).fetch_job(job_id)
    assert job.kwargs == {"attempt": 0}, "a wait named by the cause does not use up attempts"


def test_permanent_error_fails_events_with_a_resolution(runtime, shop, flow) -> None:
    _, behaviour = flow
    behaviour["raise"] = PermanentError(
        "Payment method 'mollie_ideal' has no Exact payment condition",
        "Map payment method 'mollie_ideal' under Settings > Payment methods",
    )
    _accept(runtime, shop.id, event("a", "15"))
    _work(runtime)
    assert _states(runtime) == {"a": "failed"}
    [line] = _activity(runtime)
    assert line.level == "error" and line.entity == "order:15"
    assert "mollie_ideal" in line.message
    assert line.resolution.startswith("Map payment method")


def test_nothing_to_do_finishes_quietly(runtime, shop, flow) -> None:
    _, behaviour = flow
    behaviour["raise"] = NothingToDo()
    _accept(runtime, shop.id, event("a", "15"))
    _work(runtime)
    assert _states(runtime) == {"a": "processed"}
    assert _activity(runtime) == []


def test_unexpected_exception_backs_off_and_keeps_the_event(runtime, shop, flow) -> None:
    _, behaviour = flow
    behaviour["raise"] = KeyError("bug")
    _accept(runtime, shop.id, event("a", "15"))
    _work(runtime)
    assert _states(runtime) == {"a": "received"}
    registry = ScheduledJobRegistry(queue=Queue("orders", connection=runtime.redis))
    [job_id] = registry.get_job_ids()
    assert Queue("orders", connection=runtime.redis).fetch_job(job_id).kwargs == {"attempt": 1}


def test_busy_entity_is_rescheduled_not_run_twice(runtime, shop, flow) -> None:
    calls, _ = flow
    _accept(runtime, shop.id, event("a", "15"))
    lock = Queues(runtime.redis).entity_lock(entity_key("order", shop.id, "15"))
    assert lock.acquire()
    try:
        _work(runtime)
    finally:
        lock.release()
    assert calls == []
    registry = ScheduledJobRegistry(queue=Queue("orders", connection=runtime.redis))
    assert len(registry.get_job_ids()) == 1


def test_kind_without_a_flow_is_stored_and_logged(runtime, shop, monkeypatch) -> None:
    monkeypatch.delitem(tasks.HANDLERS, "customer")  # as if no customer flow were installed
    _accept(runtime, shop.id, event("c1", "7", type_="customer.updated", data={"id": 7}))
    _work(runtime)
    assert _states(runtime) == {"c1": "ignored"}
    [line] = _activity(runtime)
    assert line.direction == "in" and "no flow" in line.message


def test_scheduler_enqueues_each_periodic_job_once_per_period(runtime) -> None:
    assert sorted(scheduler.tick(runtime.redis)) == sorted(p.name for p in PERIODIC)
    assert scheduler.tick(runtime.redis) == [], "a second scheduler in the same period is a no-op"
    assert Queue("default", connection=runtime.redis).count == len(PERIODIC)
    SimpleWorker(["default"], connection=runtime.redis).work(burst=True)


def test_retention_purges_only_old_finished_rows(runtime, shop, monkeypatch) -> None:
    from datetime import timedelta

    from sidecar.activity import log as activity
    from sidecar.db import utcnow

    _accept(runtime, shop.id, event("old", "1"), event("new", "2"))
    with runtime.db.session() as session:
        for e in session.scalars(select(Event)):
            e.state = "processed"
            if e.event_id == "old":
                e.received_at = utcnow() - timedelta(days=200)
        activity.record(session, shop.id, "order", "ancient").at = utcnow() - timedelta(days=200)
        activity.record(session, shop.id, "order", "recent")
    assert tasks.purge_retention() == {"activity": 1, "events": 1}
    assert list(_states(runtime)) == ["new"]
    assert [a.message for a in _activity(runtime)] == ["recent"]


def test_scheduler_moves_due_delayed_jobs_once(runtime) -> None:
    from datetime import timedelta

    queue = Queue("orders", connection=runtime.redis)
    job = queue.enqueue_in(timedelta(seconds=-1), "sidecar.jobs.tasks.requeue_stale_events")
    later = queue.enqueue_in(timedelta(seconds=3600), "sidecar.jobs.tasks.requeue_stale_events")
    assert queue.count == 0
    assert scheduler.move_due_jobs(runtime.redis) == 1
    assert queue.job_ids == [job.id]
    assert scheduler.move_due_jobs(runtime.redis) == 0, "a moved job is not moved twice"
    assert later.id in ScheduledJobRegistry(queue=queue).get_job_ids()


def test_sweeper_replaces_an_orphaned_marker(runtime, shop, flow, monkeypatch) -> None:
    """Redis went away between the marker and the job (or a worker died holding the job): the
    marker names a job that no longer exists, and the sweeper must not trust it forever."""
    from dataclasses import replace

    _accept(runtime, shop.id, event("a", "15"))
    queue = Queue("orders", connection=runtime.redis)
    [job_id] = queue.job_ids
    queue.remove(job_id)
    runtime.redis.delete(f"rq:job:{job_id}")
    key = entity_key("order", shop.id, "15")
    assert runtime.queues.is_pending(key), "the marker outlived its job"
    runtime.config = replace(runtime.config, stale_event_seconds=1)
    import time

    time.sleep(1.1)
    assert tasks.requeue_stale_events() == 1
    assert queue.count == 1 and queue.job_ids != [job_id]
    assert tasks.requeue_stale_events() == 0, "a live job is left alone"
    _work(runtime)
    assert _states(runtime) == {"a": "processed"}


def test_sweeper_replaces_a_marker_whose_queued_job_left_the_queue(runtime, shop, flow) -> None:
    """A worker killed between taking a job off the queue and marking it started leaves a job
    that still says "queued" but is in no queue: nobody would ever run it."""
    from dataclasses import replace

    _accept(runtime, shop.id, event("a", "16"))
    queue = Queue("orders", connection=runtime.redis)
    [job_id] = queue.job_ids
    runtime.redis.lrem(queue.key, 0, job_id)  # taken off the line, status still "queued"
    assert queue.fetch_job(job_id).get_status() == "queued"
    runtime.config = replace(runtime.config, stale_event_seconds=1)
    import time

    time.sleep(1.1)
    assert tasks.requeue_stale_events() == 1
    assert queue.count == 1 and queue.job_ids != [job_id]
    assert tasks.requeue_stale_events() == 0, "the new job is in line and left alone"
    _work(runtime)
    assert _states(runtime) == {"a": "processed"}


def test_a_retry_goes_back_to_the_queue_its_job_came_from(runtime, shop, flow) -> None:
    """A backfilled order that has to wait retries on the low-priority backfill queue; a live
    order on the orders queue."""
    from sidecar.db import utcnow
    from sidecar.events.models import Event as Stored

    _accept(runtime, shop.id, event("live", "21"))
    with runtime.db.session() as session:
        session.add(
            Stored(
                shop_id=shop.id,
                event_id="pull:22:1",
                type="order.updated",
                entity_kind="order",
                entity_id="22",
                payload={"id": 22},
                occurred_at=utcnow(),
                state="received",
            )
        )
    runtime.queues.enqueue_entity(
        "backfill", entity_key("order", shop.id, "22"), shop.id, "order", "22"
    )
    _, behaviour = flow
    behaviour["raise"] = RetryableError("Exact says 429", seconds=90, counts=False)
    SimpleWorker(["orders", "backfill"], connection=runtime.redis).work(burst=True)
    scheduled = {
        name: [
            Queue(name, connection=runtime.redis).fetch_job(j).description
            for j in ScheduledJobRegistry(name, connection=runtime.redis).get_job_ids()
        ]
        for name in ("orders", "backfill")
    }
    assert scheduled == {
        "orders": [entity_key("order", shop.id, "21")],
        "backfill": [entity_key("order", shop.id, "22")],
    }
