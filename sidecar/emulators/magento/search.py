"""``searchCriteria`` for ``GET /V1/orders``: parsed, validated, applied (reference 3.2).

Magento reads ``searchCriteria[filter_groups][i][filters][j][field|value|condition_type]``,
``[sortOrders][k][field|direction]``, ``[pageSize]``, ``[currentPage]`` (snake_case and camelCase
both work). Filters inside a group are OR-ed, groups are AND-ed. Strict choices, each marked:

- the input limits are enforced as if enabled: ``pageSize`` at most 300 (400 "Maximum
  SearchCriteria pageSize is %max"), 20 when not given;
- a page past the end answers the last page again (Magento's collections clamp the page), so a
  client must stop on ``total_count``, never on an empty page;
- dates compare as UTC ``Y-m-d H:i:s`` (or ``Y-m-d``); any other form (``T``, ``Z``, offsets) is
  refused with 400 although MySQL might coerce it (UNCONFIRMED how);
- an unknown field is a 500 "Internal Error" (the SQL error Magento hides; UNCONFIRMED).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import MagentoError, required, type_invalid
from .store import MagentoOrder

CONDITIONS = {
    "eq",
    "neq",
    "gt",
    "gteq",
    "lt",
    "lteq",
    "in",
    "nin",
    "like",
    "nlike",
    "null",
    "notnull",
    "from",
    "to",
    "moreq",
}
DATE_FIELDS = {"created_at", "updated_at"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")
INTERNAL = "Internal Error. Details are available in Magento log file. Report ID: webapi-emulator"


def _get(node: Any, *names: str) -> Any:
    if not isinstance(node, dict):
        return None
    for name in names:
        if name in node:
            return node[name]
    return None


def _items(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [
            node[k]
            for k in sorted(node, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k))
        ]
    return []


def _int(value: Any, default: int) -> int:
    if value is None:
        return default
    if not re.fullmatch(r"-?\d+", str(value)):
        raise type_invalid(str(value), "int")
    return int(value)


def parse(params: dict[str, Any], max_page_size: int, default_page_size: int) -> dict[str, Any]:
    criteria = params.get("searchCriteria")
    if criteria is None:
        raise required("searchCriteria")
    if not isinstance(criteria, dict):
        criteria = {}
    groups = []
    for group in _items(_get(criteria, "filter_groups", "filterGroups")):
        filters = []
        for item in _items(_get(group, "filters")):
            field = _get(item, "field")
            if not field:
                raise required("field")
            condition = _get(item, "condition_type", "conditionType") or "eq"
            if condition not in CONDITIONS:
                raise MagentoError(400, 'Invalid condition type: "%1"', [condition])
            value = _get(item, "value")
            filters.append({"field": field, "value": value, "condition_type": condition})
        groups.append({"filters": filters})
    sorts = []
    for item in _items(_get(criteria, "sort_orders", "sortOrders")):
        direction = str(_get(item, "direction") or "ASC").upper()
        if direction not in ("ASC", "DESC"):
            raise MagentoError(
                400,
                'The sort order "%1" is invalid. Verify the sort order and try again.',
                [direction],
            )
        sorts.append({"field": _get(item, "field"), "direction": direction})
    page_size = _int(_get(criteria, "page_size", "pageSize"), default_page_size)
    if page_size > max_page_size:
        raise MagentoError(400, "Maximum SearchCriteria pageSize is %max", {"max": max_page_size})
    current = max(_int(_get(criteria, "current_page", "currentPage"), 1), 1)
    return {
        "filter_groups": groups,
        "sort_orders": sorts,
        "page_size": max(page_size, 1),
        "current_page": current,
    }


def _comparable(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in DATE_FIELDS:
        text = str(value)
        if not DATE_RE.match(text):
            raise MagentoError(
                400,
                'The emulator compares %1 only as "Y-m-d H:i:s" in UTC; "%2" was sent.',
                [field, text],
            )
        return text if " " in text else text + " 00:00:00"
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return str(value).lower()  # MySQL's case-insensitive collation


def _like(pattern: str, text: str) -> bool:
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, flags=re.IGNORECASE | re.DOTALL) is not None


def _match(doc: dict[str, Any], item: dict[str, Any], known: set[str]) -> bool:
    field, condition, raw = item["field"], item["condition_type"], item["value"]
    if field not in known:
        raise MagentoError(500, INTERNAL)
    actual = doc.get(field)
    if condition == "null":
        return actual is None
    if condition == "notnull":
        return actual is not None
    if condition in ("like", "nlike"):
        hit = actual is not None and _like(str(raw), str(actual))
        return hit if condition == "like" else not hit
    if condition in ("in", "nin"):
        values = [_comparable(field, v.strip()) for v in str(raw).split(",")]
        hit = _comparable(field, actual) in values
        return hit if condition == "in" else not hit
    if actual is None:
        return False
    left, right = _comparable(field, actual), _comparable(field, raw)
    if type(left) is not type(right):
        left, right = str(left), str(right)
    return {
        "eq": left == right,
        "neq": left != right,
        "gt": left > right,
        "gteq": left >= right,
        "moreq": left >= right,
        "from": left >= right,
        "lt": left < right,
        "lteq": left <= right,
        "to": left <= right,
    }[condition]


def apply(orders: list[MagentoOrder], criteria: dict[str, Any]) -> tuple[list[MagentoOrder], int]:
    """The page of orders and total_count."""
    known = {
        key
        for order in orders
        for key, value in order.doc.items()
        if not isinstance(value, dict | list)
    }
    known |= {
        "entity_id",
        "increment_id",
        "status",
        "state",
        "created_at",
        "updated_at",
        "customer_email",
        "store_id",
        "customer_id",
    }
    chosen = [
        order
        for order in orders
        if all(
            any(_match(order.doc, f, known) for f in group["filters"])
            for group in criteria["filter_groups"]
            if group["filters"]
        )
    ]
    chosen.sort(key=lambda o: o.id)
    for sort in reversed(criteria["sort_orders"]):
        field = sort["field"]
        if field not in known:
            raise MagentoError(500, INTERNAL)
        chosen.sort(
            key=lambda o, f=field: (o.doc.get(f) is not None, _comparable(f, o.doc.get(f)) or ""),
            reverse=sort["direction"] == "DESC",
        )
    total = len(chosen)
    size = criteria["page_size"]
    last = max(-(-total // size), 1)
    page = min(criteria["current_page"], last)
    return chosen[(page - 1) * size : page * size], total


def echo(criteria: dict[str, Any]) -> dict[str, Any]:
    """The ``search_criteria`` Magento puts in the answer."""
    out: dict[str, Any] = {"filter_groups": criteria["filter_groups"]}
    if criteria["sort_orders"]:
        out["sort_orders"] = criteria["sort_orders"]
    out["page_size"] = criteria["page_size"]
    out["current_page"] = criteria["current_page"]
    return out


def filter_fields(value: Any, spec: str) -> Any:
    """``fields=items[entity_id,status],total_count``: Magento's FieldsFilter."""
    tree = _parse_fields(spec)
    return _apply_fields(value, tree)


def _parse_fields(spec: str) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    stack = [tree]
    name = ""
    for char in spec + ",":
        if char in ",[]":
            if name.strip():
                stack[-1][name.strip()] = {}
            if char == "[":
                stack.append(stack[-1][name.strip()])
            elif char == "]" and len(stack) > 1:
                stack.pop()
            name = ""
        else:
            name += char
    return tree


def _apply_fields(value: Any, tree: dict[str, Any]) -> Any:
    if not tree:
        return value
    if isinstance(value, list):
        return [_apply_fields(item, tree) for item in value]
    if isinstance(value, dict):
        return {k: _apply_fields(v, tree[k]) for k, v in value.items() if k in tree}
    return value
