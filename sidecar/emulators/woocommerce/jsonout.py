"""JSON in and out with ``Decimal`` kept exact.

Payloads are parsed with ``parse_float=Decimal`` so a fixture's ``18.577982`` or ``90.00`` is
served back with exactly the digits it had (WooCommerce's line ``price`` and ``rate_percent`` are
JSON numbers; Python floats would print ``18.577982000000001``-style noise or drop ``.00``).
Money that WooCommerce sends as strings stays a string; this module only keeps numbers honest.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask import Response


def loads(text: str | bytes) -> Any:
    return json.loads(text, parse_float=Decimal)


def dumps(value: Any) -> str:
    """Compact JSON; a ``Decimal`` is written as a number with its own digits."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, Decimal):
        out.append(_decimal_text(value))
    elif isinstance(value, dict):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(",")
            out.append(json.dumps(str(key)))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        out.append(json.dumps(value, ensure_ascii=True))


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError("JSON has no NaN or Infinity")
    text = format(value, "f")
    return text


def plain(value: Any) -> Any:
    """The same structure with Decimals as Python numbers, for callers that want plain JSON."""
    return json.loads(dumps(value))


def json_response(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(dumps(value), status=status, mimetype="application/json")
    response.headers["Content-Type"] = "application/json; charset=UTF-8"
    for name, header in (headers or {}).items():
        response.headers[name] = header
    return response
