"""``GET /wc/v3/orders`` arguments, validated and applied as WordPress and WooCommerce do.

WordPress validates every registered argument against its schema before the permission check
and answers 400 ``rest_invalid_param`` naming each bad one (``per_page=101`` included). Unknown
arguments are ignored. Filters follow ``WC_REST_CRUD_Controller::prepare_objects_query``:
``after``/``before`` on the creation date, ``modified_after``/``modified_before`` on the
modification date, local columns unless ``dates_are_gmt=true``; ``after`` is exclusive, as
``WP_Date_Query`` builds it. A value carrying a zone (``Z``, ``+01:00``) is converted to the
site's zone and then compared as wall-clock time with whichever column was chosen
(``build_mysql_datetime``): with ``dates_are_gmt=true`` on a non-UTC site such a value is off by
the site's offset. The safe form is a zone-less UTC time with ``dates_are_gmt=true``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.datastructures import MultiDict

from .errors import invalid_params
from .store import Order

DATE_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
ORDERBY = ("date", "id", "include", "title", "slug", "modified")
DATE_ARGS = ("after", "before", "modified_after", "modified_before")


@dataclass
class ListQuery:
    page: int = 1
    per_page: int = 10
    offset: int | None = None
    order: str = "desc"
    orderby: str = "date"
    statuses: list[str] = field(default_factory=lambda: ["any"])
    include: list[int] = field(default_factory=list)
    exclude: list[int] = field(default_factory=list)
    customer: int | None = None
    product: int | None = None
    dates_are_gmt: bool = False
    dates: dict[str, datetime] = field(default_factory=dict)  # naive wall-clock values


def _integer(args: MultiDict, name: str, problems: dict, details: dict) -> int | None:
    if name not in args:
        return None
    text = args[name].strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        problems[name] = f"{name} is not of type integer."
        details[name] = {
            "code": "rest_invalid_type",
            "message": problems[name],
            "data": {"param": name},
        }
        return None
    return int(text)


def _bounds(
    name: str, value: int | None, low: int, high: int | None, problems: dict, details: dict
) -> None:
    if value is None or name in problems:
        return
    if value < low or (high is not None and value > high):
        if high is None:
            message = f"{name} must be greater than or equal to {low}"
        else:
            message = f"{name} must be between {low} (inclusive) and {high} (inclusive)"
        problems[name] = message
        details[name] = {"code": "rest_out_of_bounds", "message": message, "data": None}


def _list(args: MultiDict, name: str) -> list[str]:
    """WordPress array args: ``a=1,2`` or ``a[]=1&a[]=2`` (wp_parse_list)."""
    values = args.getlist(name) + args.getlist(f"{name}[]")
    out: list[str] = []
    for value in values:
        out.extend(part for part in re.split(r"[\s,]+", value) if part)
    return out


def _boolean(text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0", ""):
        return False
    return None


def parse_list_query(args: MultiDict, statuses: tuple[str, ...], max_per_page: int) -> ListQuery:
    problems: dict[str, str] = {}
    details: dict[str, dict] = {}
    query = ListQuery()
    page = _integer(args, "page", problems, details)
    per_page = _integer(args, "per_page", problems, details)
    offset = _integer(args, "offset", problems, details)
    customer = _integer(args, "customer", problems, details)
    product = _integer(args, "product", problems, details)
    _bounds("page", page, 1, None, problems, details)
    _bounds("per_page", per_page, 1, max_per_page, problems, details)
    for name, enum in (("order", ("asc", "desc")), ("orderby", ORDERBY)):
        if name in args and args[name] not in enum:
            problems[name] = f"{name} is not one of {', '.join(enum)}."
            details[name] = {"code": "rest_not_in_enum", "message": problems[name], "data": None}
    allowed = ("any", "trash", *statuses)
    wanted = _list(args, "status")
    for index, status in enumerate(wanted):
        if status not in allowed and "status" not in problems:
            problems["status"] = f"status[{index}] is not one of {', '.join(allowed)}."
    for name in ("include", "exclude"):
        for part in _list(args, name):
            if not part.isdigit() and name not in problems:
                problems[name] = f"{name}[0] is not of type integer."
    for name in DATE_ARGS:
        if name in args and not DATE_RE.match(args[name]):
            problems[name] = "Invalid date."
            details[name] = {"code": "rest_invalid_date", "message": "Invalid date.", "data": None}
    if "dates_are_gmt" in args:
        flag = _boolean(args["dates_are_gmt"])
        if flag is None:
            problems["dates_are_gmt"] = "dates_are_gmt is not of type boolean."
        else:
            query.dates_are_gmt = flag
    if problems:
        raise invalid_params(problems, details or None)
    query.page = page or 1
    query.per_page = per_page or 10
    query.offset = offset
    query.customer = customer
    query.product = product
    query.order = args.get("order", "desc")
    query.orderby = args.get("orderby", "date")
    query.statuses = wanted or ["any"]
    query.include = [int(x) for x in _list(args, "include")]
    query.exclude = [int(x) for x in _list(args, "exclude")]
    return query


def wall_clock(text: str, site: ZoneInfo) -> datetime:
    """build_mysql_datetime(): a zoned value becomes site wall time; a bare value stays as is."""
    value = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00").replace("t", "T"))
    if value.tzinfo is not None:
        value = value.astimezone(site).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _column(order: Order, name: str, gmt: bool, site: ZoneInfo) -> datetime:
    moment = order.created if name == "created" else order.modified
    zone = UTC if gmt else site
    return moment.astimezone(zone).replace(tzinfo=None)


def select(orders: list[Order], query: ListQuery, args: MultiDict, site: ZoneInfo) -> list[Order]:
    """Filter and sort; the caller pages."""
    chosen = []
    bounds = {name: wall_clock(args[name], site) for name in DATE_ARGS if name in args}
    for order in orders:
        if "any" in query.statuses:
            if order.status in ("trash", "checkout-draft") and order.status not in query.statuses:
                continue
        elif order.status not in query.statuses:
            continue
        if query.include and order.id not in query.include:
            continue
        if order.id in query.exclude:
            continue
        if query.customer is not None and int(order.doc.get("customer_id") or 0) != query.customer:
            continue
        if query.product is not None and not any(
            int(line.get("product_id") or 0) == query.product for line in order.doc["line_items"]
        ):
            continue
        if not _dates_match(order, bounds, query.dates_are_gmt, site):
            continue
        chosen.append(order)
    reverse = query.order == "desc"
    if query.orderby == "include" and query.include:
        position = {order_id: index for index, order_id in enumerate(query.include)}
        chosen.sort(key=lambda o: position.get(o.id, 0))
    elif query.orderby == "id":
        chosen.sort(key=lambda o: o.id, reverse=reverse)
    elif query.orderby == "modified":
        chosen.sort(key=lambda o: (o.modified, o.id), reverse=reverse)  # "modified ID"
    elif query.orderby in ("title", "slug"):
        chosen.sort(key=lambda o: (o.created, o.id), reverse=reverse)  # order titles hold the date
    else:
        chosen.sort(key=lambda o: (o.created, o.id), reverse=reverse)  # "date ID"
    return chosen


def _dates_match(order: Order, bounds: dict[str, datetime], gmt: bool, site: ZoneInfo) -> bool:
    checks = (
        ("after", "created", 1),
        ("before", "created", -1),
        ("modified_after", "modified", 1),
        ("modified_before", "modified", -1),
    )
    for arg, column, sign in checks:
        if arg not in bounds:
            continue
        value = _column(order, column, gmt, site)
        if sign > 0 and not value > bounds[arg]:
            return False
        if sign < 0 and not value < bounds[arg]:
            return False
    return True


def page_of(items: list[Any], query: ListQuery) -> tuple[list[Any], int, int]:
    """(page items, total, total pages); offset wins over page as in WP_Query.

    A page past the end is an empty list with the real totals (WooCommerce recounts without
    LIMIT), not an error.
    """
    total = len(items)
    start = query.offset if query.offset is not None else (query.page - 1) * query.per_page
    pages = -(-total // query.per_page) if total else 0
    return items[start : start + query.per_page], total, pages
