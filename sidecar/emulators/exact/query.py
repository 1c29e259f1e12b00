"""OData query options and server-driven paging, the way Exact applies them.

Exact pages with ``$skiptoken`` (the key of the last row, e.g. ``guid'…'`` or ``123L``) and
hands out the next page as an absolute ``__next`` URL that keeps the caller's other options; the
last page has no ``__next``. Unknown or malformed options are answered with 400 so a client bug
cannot pass unnoticed as an unfiltered list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from .errors import bad_request, query_syntax
from .odata_filter import compile_filter
from .schema import EntityDef

KNOWN_OPTIONS = {
    "$select",
    "$filter",
    "$top",
    "$skip",
    "$orderby",
    "$inlinecount",
    "$skiptoken",
    "$expand",
    "$format",
}


@dataclass
class QueryOptions:
    select: list[str] | None = None
    expand: list[str] = field(default_factory=list)
    predicate: Callable[[dict], bool] | None = None
    filter_text: str | None = None
    top: int | None = None
    skip: int = 0
    orderby: list[tuple[str, bool]] = field(default_factory=list)  # (property, descending)
    inlinecount: bool = False
    skiptoken: str | None = None


def _names(text: str, entity: EntityDef, option: str) -> list[str]:
    names = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not name for name in names):
        raise query_syntax(f"{option} is empty or has an empty item.")
    for name in names:
        if name == "*":
            # Exact asks never to use $select=*; refusing it is the stricter reading.
            raise bad_request("$select=* is not supported; name the properties you need.")
        if entity.prop(name) is None:
            raise query_syntax(f"No property '{name}' exists in type '{entity.type_name}'.")
    return names


def _int_option(args: dict[str, str], name: str) -> int | None:
    if name not in args:
        return None
    text = args[name]
    if not re.fullmatch(r"\d+", text):
        raise query_syntax(f"{name} must be a non-negative integer, not '{text}'.")
    return int(text)


def parse_options(args: dict[str, str], entity: EntityDef) -> QueryOptions:
    for name in args:
        if name.startswith("$") and name not in KNOWN_OPTIONS:
            raise query_syntax(f"The query parameter '{name}' is not supported.")
    options = QueryOptions()
    if "$select" in args:
        options.select = _names(args["$select"], entity, "$select")
    if "$expand" in args:
        options.expand = _names(args["$expand"], entity, "$expand")
        for name in options.expand:
            if not entity.properties[name].is_collection:
                raise query_syntax(f"'{name}' is not a navigation property and cannot be expanded.")
    if "$filter" in args:
        options.filter_text = args["$filter"]
        options.predicate = compile_filter(args["$filter"], entity)
    options.top = _int_option(args, "$top")
    options.skip = _int_option(args, "$skip") or 0
    if "$orderby" in args:
        for part in args["$orderby"].split(","):
            words = part.split()
            if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
                raise query_syntax(f"Invalid $orderby item '{part.strip()}'.")
            prop = entity.prop(words[0])
            if prop is None or prop.is_collection:
                raise query_syntax(f"No property '{words[0]}' exists in type '{entity.type_name}'.")
            options.orderby.append((words[0], len(words) == 2 and words[1] == "desc"))
    if "$inlinecount" in args:
        if args["$inlinecount"] not in ("allpages", "none"):
            raise query_syntax("$inlinecount must be 'allpages' or 'none'.")
        options.inlinecount = args["$inlinecount"] == "allpages"
    if "$format" in args and args["$format"] != "json":
        raise query_syntax("Only $format=json is supported.")
    options.skiptoken = args.get("$skiptoken")
    return options


def key_literal(edm: str, value: object) -> str:
    """How a key value is written in a URL: guid'…', 123L, 'code' or a bare integer."""
    if edm == "Edm.Guid":
        return f"guid'{value}'"
    if edm == "Edm.Int64":
        return f"{value}L"
    if edm in ("Edm.Int32", "Edm.Int16", "Edm.Byte"):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def parse_key_literal(edm: str, text: str) -> object:
    """Inverse of ``key_literal``; raises 400 when the literal does not fit the key type."""
    if edm == "Edm.Guid":
        match = re.fullmatch(r"guid'([0-9a-fA-F-]{36})'", text)
        if not match:
            raise bad_request(f"Invalid key '{text}': expected guid'…'.")
        return match.group(1).lower()
    if edm in ("Edm.Int64", "Edm.Int32", "Edm.Int16", "Edm.Byte"):
        match = re.fullmatch(r"(-?\d+)L?", text)
        if not match:
            raise bad_request(f"Invalid key '{text}': expected an integer.")
        return int(match.group(1))
    match = re.fullmatch(r"'((?:[^']|'')*)'", text)
    if not match:
        raise bad_request(f"Invalid key '{text}': expected a quoted string.")
    return match.group(1).replace("''", "'")


def _sort_key(value: object) -> tuple:
    return (0,) if value is None else (1, value)


@dataclass
class Page:
    rows: list[dict]
    next_args: dict[str, str] | None
    count: int


def paginate(
    rows: Iterable[dict],
    options: QueryOptions,
    args: dict[str, str],
    *,
    key: str,
    key_edm: str,
    page_size: int,
) -> Page:
    selected = [row for row in rows if options.predicate is None or options.predicate(row)]
    total = len(selected)
    order = options.orderby or [(key, False)]
    for prop, descending in reversed(order + [(key, False)]):
        selected.sort(key=lambda row, p=prop: _sort_key(row.get(p)), reverse=descending)
    if options.skiptoken is not None:
        token_value = parse_key_literal(key_edm, options.skiptoken)
        if not options.orderby:
            selected = [row for row in selected if _sort_key(row.get(key)) > _sort_key(token_value)]
        else:
            positions = [i for i, row in enumerate(selected) if row.get(key) == token_value]
            if not positions:
                raise bad_request("The $skiptoken no longer points at a row; restart the query.")
            selected = selected[positions[0] + 1 :]
    selected = selected[options.skip :]
    limit = page_size if options.top is None else min(options.top, page_size)
    page = selected[:limit]
    more = len(selected) > limit and (options.top is None or options.top > limit)
    next_args = None
    if more and page:
        next_args = {k: v for k, v in args.items() if k not in ("$skiptoken", "$skip")}
        if options.top is not None:
            next_args["$top"] = str(options.top - len(page))
        next_args["$skiptoken"] = key_literal(key_edm, page[-1].get(key))
    return Page(page, next_args, total)


def build_url(base: str, args: dict[str, str]) -> str:
    if not args:
        return base
    parts = [f"{quote(k, safe='$')}={quote(v, safe=chr(39) + '(),:-$')}" for k, v in args.items()]
    return base + "?" + "&".join(parts)
