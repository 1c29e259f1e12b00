import pytest
from marshmallow import ValidationError

from sidecar.events.schemas import EVENT_SCHEMA, MAX_DEPTH, BodyError, parse_json_body
from sidecar.shops.settings import flatten_errors
from tests.support.signing import event


def test_valid_event_loads_with_aware_time_and_string_entity() -> None:
    loaded = EVENT_SCHEMA.load({**event(), "entity_id": 15})
    assert loaded["entity_id"] == "15"
    assert loaded["occurred_at"].utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": ""}, "id"),
        ({"id": "x" * 101}, "id"),
        ({"id": "a\x00b"}, "id"),
        ({"id": True}, "id"),
        ({"type": "order.created"}, "type"),
        ({"occurred_at": "2026-11-21T12:00:00"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"entity_id": None}, "entity_id"),
        ({"data": None}, "data"),
        ({"data": [1, 2]}, "data"),
        ({"extra": 1}, "extra"),
    ],
)
def test_invalid_fields_are_named(change: dict, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        EVENT_SCHEMA.load({**event(), **change})
    assert field in flatten_errors(info.value.messages)


def test_order_deleted_may_carry_null_data() -> None:
    assert EVENT_SCHEMA.load({**event(type_="order.deleted"), "data": None})["data"] is None


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"\xff\xfe",
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'["\\ud800"]',
        b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
        b"[" * 100000,
        b"1" * 5000,
    ],
)
def test_bodies_we_cannot_store_faithfully_are_refused(body: bytes) -> None:
    with pytest.raises(BodyError):
        parse_json_body(body)


def test_flatten_errors_paths() -> None:
    flat = flatten_errors(
        {"a": {"b": ["bad"]}, "list": {0: ["x"], 3: {"c": ["y"]}}, "_schema": ["whole"]}
    )
    assert flat == {"a.b": ["bad"], "list[0]": ["x"], "list[3].c": ["y"], "$": ["whole"]}
