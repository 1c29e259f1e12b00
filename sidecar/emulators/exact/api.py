"""The REST surface ``/api/v1/...``: authentication, division, rate limit, then the endpoint.

The order of checks is the order a client experiences at Exact: an invalid or expired bearer
token is 401 before anything is counted; a division outside the user's licence is 403; then the
call counts against the division's limits (429 when exhausted) and is answered.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from flask import Response, g, request

from .emulator import Emulator
from .endpoints import CHILD_PARENT_KEYS, Endpoint
from .errors import ExactError, bad_request, not_found
from .invoice_types import EDITIONS_WITH_DIRECT
from .query import build_url, paginate, parse_key_literal, parse_options
from .render import atom_entry, atom_feed, render_row
from .schema import catalogue
from .state import Division
from .webhooks import subscription_visible

KEYED_RE = re.compile(r"^(?P<endpoint>[^()]+)\((?P<key>[^)]*)\)(?P<tail>/.*)?$")
SYNC_FILTER_RE = re.compile(r"\bTimestamp\s+(gt|ge)\s+\d+L?\b")


def base_url(emu: Emulator) -> str:
    return (emu.config.public_base_url or request.host_url).rstrip("/")


def wants_json() -> bool:
    return "application/json" in request.headers.get("Accept", "") or (
        request.args.get("$format") == "json"
    )


def json_response(payload: object, status: int = 200) -> Response:
    return Response(
        json.dumps(payload), status=status, content_type="application/json; charset=utf-8"
    )


def authenticate(emu: Emulator) -> str:
    token = emu.tokens.authenticate(request.headers.get("Authorization"))
    if token is None:
        raise ExactError(401, "Unauthorized", headers={"WWW-Authenticate": "Bearer"})
    g.client_id = token.client_id
    return token.client_id


def handle_me(emu: Emulator) -> Response:
    authenticate(emu)
    g.endpoint = "current/Me"
    entity = catalogue()["current/Me"]
    config = emu.config
    first, _, last = config.user_full_name.partition(" ")
    user = emu.seed_data.get("user", {})
    row = {
        "UserID": emu.state.user_id,
        "CurrentDivision": emu.state.current_division,
        "AccountingDivision": emu.state.current_division,
        "Email": config.user_email,
        "UserName": config.user_email,
        "FirstName": user.get("FirstName", first),
        "LastName": user.get("LastName", last),
        "FullName": f"{user.get('FirstName', first)} {user.get('LastName', last)}".strip(),
        "Language": user.get("Language", "NL"),
        "LanguageCode": "nl-NL",
        "Legislation": 1,
        "ServerTime": emu.clock.local_now().strftime("%Y-%m-%dT%H:%M:%S"),
    }
    options = parse_options(dict(request.args), entity)
    root = f"{base_url(emu)}/api/v1"
    rendered = render_row(
        entity, row, division_uri=root, endpoint_path="current/Me", select=options.select
    )
    return json_response({"d": {"results": [rendered]}})


def handle_api(emu: Emulator, rest: str) -> Response:
    if rest == "current/Me":
        return handle_me(emu)
    head, _, remainder = rest.partition("/")
    if not head.isdigit():
        raise not_found()
    client_id = authenticate(emu)
    code = int(head)
    g.division = code
    endpoint, key_text, tail = split_path(emu, remainder)
    division = emu.state.division(code)
    if division is None:
        raise ExactError(403, "Forbidden - WrongDivision")
    if endpoint is None:
        raise not_found()
    g.endpoint = endpoint.path
    emu.limiter.check_block(client_id, code, endpoint.path)
    verdict = emu.limiter.consume(client_id, code)
    g.rate_headers = verdict.headers
    g.counted = verdict.allowed
    if not verdict.allowed:
        raise ExactError(429, "Too many requests", headers=verdict.headers, body="")
    method = request.method
    if method not in endpoint.entity.methods:
        raise ExactError(405, f"Method {method} is not allowed on {endpoint.path}.")
    if hides_logistics(emu, division, endpoint.path) and emu.config.no_logistics == "forbidden":
        raise ExactError(403, "Forbidden")
    if method == "GET":
        return handle_get(emu, endpoint, division, key_text, tail)
    if tail:
        raise not_found()
    if method == "POST":
        if key_text is not None:
            raise bad_request("POST goes to the collection, not to a single record.")
        return handle_post(emu, endpoint, division, client_id)
    if key_text is None:
        raise bad_request(f"{method} needs a key: {endpoint.path}(guid'...').")
    key = parse_key_literal(endpoint.entity.properties[endpoint.entity.key].type, key_text)
    ctx = emu.context(division, base_url(emu), client_id)
    with emu.state.lock:
        if method == "PUT":
            body = read_body()
            endpoint.resource.update(ctx, key, body)
        else:
            endpoint.resource.delete(ctx, key)
        changes = emu.state.take_changes()
    emu.webhooks.enqueue(changes, base_url(emu))
    return Response(status=204)


def split_path(emu: Emulator, remainder: str) -> tuple[Endpoint | None, str | None, str | None]:
    """'crm/Accounts(guid'x')/Tail' -> (endpoint, "guid'x'", "/Tail")."""
    keyed = KEYED_RE.match(remainder)
    if keyed:
        return emu.registry.get(keyed.group("endpoint")), keyed.group("key"), keyed.group("tail")
    best = None
    for path in emu.registry:
        if (remainder == path or remainder.startswith(path + "/")) and (
            best is None or len(path) > len(best)
        ):
            best = path
    if best is None:
        return None, None, None
    return emu.registry[best], None, remainder[len(best) :] or None


def read_body() -> object:
    if request.mimetype != "application/json":
        raise bad_request("Content-Type must be application/json.")
    try:
        return json.loads(request.get_data(as_text=True) or "null", parse_float=Decimal)
    except ValueError as exc:
        raise bad_request(
            "Error processing request stream. The request should be a valid top-level resource "
            "object."
        ) from exc


def handle_post(emu: Emulator, endpoint: Endpoint, division: Division, client_id: str) -> Response:
    body = read_body()
    ctx = emu.context(division, base_url(emu), client_id)
    prepare = getattr(endpoint.resource, "prepare", None)
    if prepare is not None:
        prepare(ctx, body, emu.webhooks)  # outside the lock: it calls the client back
    with emu.state.lock:
        record = endpoint.resource.create(ctx, body)
        changes = emu.state.take_changes()
        root = f"{base_url(emu)}/api/v1/{division.code}"
        rendered = render_row(
            endpoint.entity, record, division_uri=root, endpoint_path=endpoint.path
        )
    emu.webhooks.enqueue(changes, base_url(emu))
    if "return=representation" not in request.headers.get("Prefer", ""):
        # Without Prefer, Exact returns the entity with every property NULL (reference §3.2);
        # the emulator keeps only the key so the created record can still be found.
        key = endpoint.entity.key
        rendered = {k: (v if k in ("__metadata", key) else None) for k, v in rendered.items()}
    response = json_response({"d": rendered}, status=201)
    response.headers["Location"] = rendered["__metadata"]["uri"]
    return response


def handle_get(
    emu: Emulator, endpoint: Endpoint, division: Division, key_text: str | None, tail: str | None
) -> Response:
    args = dict(request.args)
    root = f"{base_url(emu)}/api/v1/{division.code}"
    entity = endpoint.entity
    if endpoint.kind == "read":
        if hides_logistics(emu, division, endpoint.path):
            return json_response({"d": []})
        return stock_position(emu, division, args)
    options = parse_options(args, entity)
    key_edm = entity.properties[entity.key].type
    with emu.state.lock:
        if key_text is not None:
            key = parse_key_literal(key_edm, key_text)
            row = next((r for r in endpoint.rows(division) if r.get(entity.key) == key), None)
            if row is None or not visible(emu, endpoint, row):
                raise not_found()
            if tail:
                return navigation(emu, endpoint, division, row, tail.lstrip("/"), root)
            rendered = render_row(
                entity,
                row,
                division_uri=root,
                endpoint_path=endpoint.path,
                select=options.select,
                expand=options.expand,
                children=children_of(division),
                catalogue=catalogue(),
            )
            if not wants_json():
                return Response(atom_entry(rendered), content_type="application/atom+xml")
            return json_response({"d": rendered})
        if tail == "/$count":
            rows = [r for r in endpoint.rows(division) if visible(emu, endpoint, r)]
            count = sum(1 for r in rows if options.predicate is None or options.predicate(r))
            return Response(str(count), content_type="text/plain")
        if tail:
            raise not_found()
        check_mandatory_options(endpoint, args)
        rows = [r for r in endpoint.rows(division) if visible(emu, endpoint, r)]
        size = emu.config.page_size if endpoint.kind == "standard" else emu.config.bulk_page_size
        page = paginate(rows, options, args, key=entity.key, key_edm=key_edm, page_size=size)
        results = [
            render_row(
                entity,
                r,
                division_uri=root,
                endpoint_path=endpoint.path,
                select=options.select,
                expand=options.expand,
                children=children_of(division),
                catalogue=catalogue(),
            )
            for r in page.rows
        ]
    body: dict[str, object] = {"results": results}
    if options.inlinecount:
        body["__count"] = str(page.count)
    if page.next_args is not None:
        body["__next"] = build_url(f"{root}/{endpoint.path}", page.next_args)
    if not wants_json():
        return Response(
            atom_feed(endpoint.path, f"{root}/{endpoint.path}", results),
            content_type="application/atom+xml",
        )
    return json_response({"d": body})


def visible(emu: Emulator, endpoint: Endpoint, row: dict) -> bool:
    """Apps only see their own webhook subscriptions (and, by default, only the ones the
    connected user made: ``webhook_scope``); an edition without logistics shows no warehouses
    or stock (``no_logistics`` "empty")."""
    if endpoint.path == "webhooks/WebhookSubscriptions":
        return subscription_visible(emu.config, emu.state.user_id, g.get("client_id"), row)
    division = emu.state.division(g.get("division"))
    return division is None or not hides_logistics(emu, division, endpoint.path)


LOGISTICS = ("inventory/", "sync/Inventory/", "read/logistics/StockPosition")


def hides_logistics(emu: Emulator, division: Division, path: str) -> bool:
    """Warehouses and stock exist only in the Wholesale & Distribution and Manufacturing
    editions (Exact's field text: "Warehouse. Only supported by the Plus, Professional and
    Premium editions for Wholesale & Distribution and Manufacturing")."""
    edition = emu.config.edition or division.info.get("edition")
    return edition not in EDITIONS_WITH_DIRECT and path.startswith(LOGISTICS)


def check_mandatory_options(endpoint: Endpoint, args: dict[str, str]) -> None:
    if endpoint.kind in ("bulk", "sync") and "$select" not in args:
        raise bad_request("$select is mandatory for bulk and sync endpoints.")
    if endpoint.kind == "sync" and not SYNC_FILTER_RE.search(args.get("$filter", "")):
        # Sync endpoints are read by row version: Timestamp gt <last>L (reference §2.3).
        raise bad_request("A filter on Timestamp (Timestamp gt <value>L) is mandatory.")
    if endpoint.needs_select_or_top and "$select" not in args and "$top" not in args:
        raise bad_request("Please add a $select or a $top=1 statement to the query string.")


def children_of(division: Division):
    def fetch(child_path: str, parent: dict) -> list[dict] | None:
        parent_key = CHILD_PARENT_KEYS.get(child_path)
        if parent_key is None:
            return []
        rows = [
            r
            for r in division.table(child_path).values()
            if r.get(parent_key) == parent.get(parent_key)
        ]
        return sorted(rows, key=lambda r: r.get("LineNumber") or 0)

    return fetch


def navigation(
    emu: Emulator, endpoint: Endpoint, division: Division, row: dict, name: str, root: str
) -> Response:
    prop = endpoint.entity.prop(name)
    if prop is None or not prop.is_collection:
        raise not_found()
    child = catalogue()[prop.collection_of or ""]
    rows = children_of(division)(child.path, row) or []
    results = [render_row(child, r, division_uri=root, endpoint_path=child.path) for r in rows]
    return json_response({"d": {"results": results}})


def stock_position(emu: Emulator, division: Division, args: dict[str, str]) -> Response:
    from .derive_logistics import stock_position as position

    for name in args:
        if name.startswith("$") and name != "$select":
            raise bad_request(f"{name} is not supported on read/logistics/StockPosition.")
    match = re.fullmatch(r"guid'([0-9a-fA-F-]{36})'", args.get("itemId", ""))
    if match is None:
        raise bad_request("The parameter itemId (itemId=guid'...') is mandatory.")
    item_id = match.group(1).lower()
    entity = catalogue()["read/logistics/StockPosition"]
    root = f"{base_url(emu)}/api/v1/{division.code}"
    with emu.state.lock:
        if item_id not in division.table("logistics/Items"):
            return json_response({"d": []})
        row = position(division, item_id)
    options = parse_options(args, entity)
    rendered = render_row(
        entity, row, division_uri=root, endpoint_path=entity.path, select=options.select
    )
    return json_response({"d": [rendered]})
