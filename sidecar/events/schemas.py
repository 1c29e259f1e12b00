"""Validation of inbound plugin events (CONTRACT.md, "Events").

Parsing is strict on purpose: a body we cannot store faithfully (NaN, lone surrogates, absurd
nesting, NUL in an id) is answered 400 with the field at fault, so the plugin marks it dead and
shows why, instead of the sidecar failing later with a 500 or storing something different.
"""

from __future__ import annotations

import json
import re
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

EVENT_TYPES = ("order.updated", "order.refunded", "order.deleted", "customer.updated")
ENTITY_KIND = {
    "order.updated": "order",
    "order.refunded": "order",
    "order.deleted": "order",
    "customer.updated": "customer",
}
MAX_BATCH = 100
MAX_DEPTH = 64

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class BodyError(ValueError):
    """The body is not a JSON document we accept; ``code`` and message go to the client."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _reject_constant(name: str) -> None:
    raise BodyError("invalid_json", f"JSON must not contain {name}.")


def _depth_ok(value: Any) -> bool:
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return True


def parse_json_body(body: bytes) -> Any:
    try:
        value = json.loads(body, parse_constant=_reject_constant)
    except BodyError:
        raise
    except (ValueError, RecursionError):
        raise BodyError("invalid_json", "The body is not valid UTF-8 JSON.") from None
    if _SURROGATE_ESCAPE.search(body):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise BodyError("invalid_json", "JSON strings must not hold lone surrogates.") from None
    # Nesting can only exceed the limit if there are more brackets than the limit (cheap count).
    if body.count(b"[") + body.count(b"{") > MAX_DEPTH and not _depth_ok(value):
        raise BodyError("invalid_json", f"JSON is nested deeper than {MAX_DEPTH} levels.")
    return value


class Identifier(fields.Field):
    """A short printable identifier; numbers are accepted and kept as their decimal text."""

    def __init__(self, max_length: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValidationError("Must be a string.")
        text = str(value)
        if not 1 <= len(text) <= self.max_length:
            raise ValidationError(f"Must be 1 to {self.max_length} characters.")
        if _CONTROL.search(text) or text != text.strip():
            raise ValidationError("Must not contain control characters or surrounding spaces.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Must be valid Unicode text.") from None
        return text


class EventSchema(Schema):
    class Meta:
        unknown = RAISE

    id = Identifier(100, required=True)
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    occurred_at = fields.AwareDateTime(required=True, format="iso")
    entity_id = Identifier(64, required=True)
    data = fields.Dict(required=True, allow_none=True)

    @validates_schema
    def _data_present(self, item: dict[str, Any], **_kwargs: Any) -> None:
        if item.get("data") is None and item.get("type") not in (None, "order.deleted"):
            raise ValidationError("Only order.deleted may carry null data.", "data")


class BatchSchema(Schema):
    class Meta:
        unknown = RAISE

    events = fields.List(
        fields.Raw(), required=True, validate=validate.Length(min=1, max=MAX_BATCH)
    )


EVENT_SCHEMA = EventSchema()
BATCH_SCHEMA = BatchSchema()
