"""``/_emulator/``: the test-only control surface (clock, faults, request log, reset, records).

None of this exists at Exact; it is how tests make minutes pass, break things on purpose, count
calls and look at or plant records without going through the strict API. Documented in README.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from .arithmetic import check_mode
from .errors import ExactError
from .faults import FaultInjector
from .receivables import pay
from .seed import _value
from .values import to_json

bp = Blueprint("exact_emulator_control", __name__, url_prefix="/_emulator")


def emu():
    return current_app.extensions["exact_emulator"]


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ExactError(400, "Send a JSON object.")
    return data


def plain(record: dict) -> dict:
    return {name: to_json(value) for name, value in record.items()}


@bp.errorhandler(ValueError)
def value_error(exc: ValueError):
    return jsonify({"error": str(exc)}), 400


@bp.get("/clock")
def clock_get():
    return jsonify({"now": emu().clock.now(), "local": emu().clock.local_now().isoformat()})


@bp.post("/clock")
def clock_advance():
    seconds = float(_body().get("advance", 0))
    emu().clock.advance(seconds)
    return clock_get()


@bp.post("/faults")
def faults_add():
    injector: FaultInjector = emu().faults
    fault = injector.add(_body())
    return jsonify(fault.__dict__), 201


@bp.get("/faults")
def faults_list():
    return jsonify({"faults": emu().faults.list()})


@bp.delete("/faults")
def faults_clear():
    emu().faults.clear()
    return "", 204


@bp.get("/requests")
def requests_list():
    since = int(request.args.get("since", 0))
    return jsonify({"requests": emu().log.list(since)})


@bp.delete("/requests")
def requests_clear():
    emu().log.clear()
    return "", 204


# Options a test may change on a running emulator (the administration's own settings).
OPTIONS = {"vat_arithmetic": check_mode}


@bp.get("/options")
def options_get():
    return jsonify({name: getattr(emu().config, name) for name in OPTIONS})


@bp.put("/options")
def options_put():
    body = _body()
    unknown = sorted(set(body) - set(OPTIONS))
    if unknown:
        raise ExactError(400, f"Unknown option(s): {', '.join(unknown)}.")
    for name, check in OPTIONS.items():
        if name in body:
            setattr(emu().config, name, check(body[name]))
    return options_get()


@bp.post("/reset")
def reset():
    emu().reset()
    return "", 204


@bp.get("/webhooks")
def webhooks_list():
    emu().webhooks.wait_idle()
    return jsonify({"deliveries": emu().webhooks.snapshot()})


@bp.post("/me")
def me_switch():
    code = int(_body()["CurrentDivision"])
    if emu().state.division(code) is None:
        raise ExactError(400, f"No division {code}.")
    emu().state.current_division = code
    return "", 204


def _division(code: Any):
    division = emu().state.division(int(code))
    if division is None:
        raise ExactError(404, f"No division {code}.")
    return division


@bp.get("/records")
def records_get():
    division = _division(request.args["division"])
    endpoint = request.args["endpoint"]
    with emu().state.lock:
        rows = division.table(endpoint)
        if "key" in request.args:
            key = _key(endpoint, request.args["key"])
            if key not in rows:
                raise ExactError(404, "No such record.")
            return jsonify(plain(rows[key]))
        return jsonify({"records": [plain(row) for row in rows.values()]})


def _key(endpoint: str, text: str) -> Any:
    from .schema import catalogue

    entity = catalogue()[endpoint]
    return int(text) if entity.properties[entity.key].type.startswith("Edm.Int") else text.lower()


def _fields(division_code: int, endpoint: str, raw: dict) -> dict:
    from .schema import catalogue

    entity = catalogue()[endpoint]
    fields = {}
    for name, value in raw.items():
        prop = entity.prop(name)
        edm = prop.type if prop is not None else "Edm.String"
        if isinstance(value, float):
            value = Decimal(str(value))
        fields[name] = _value(division_code, endpoint, name, edm, value) if prop else value
    return fields


@bp.post("/records")
def records_insert():
    """Plant records as-is (no validation, no derivation): for data Exact would already hold.

    Body: {"division", "endpoint", "record": {...}} or {..., "records": [{...}, ...]}.
    """
    body = _body()
    division = _division(body["division"])
    endpoint = body["endpoint"]
    from .schema import catalogue

    key_name = catalogue()[endpoint].key
    raw_records = body["records"] if "records" in body else [body.get("record", {})]
    with emu().state.lock:
        stored = []
        for raw in raw_records:
            record = _fields(division.code, endpoint, raw)
            stored.append(plain(emu().state.insert(division, endpoint, key_name, record)))
        emu().state.take_changes()
    if "records" in body:
        return jsonify({"records": stored}), 201
    return jsonify(stored[0]), 201


@bp.patch("/records")
def records_patch():
    """Change fields in place (e.g. Status 45 for a cancelled order), with a new row version."""
    body = _body()
    division = _division(body["division"])
    endpoint = body["endpoint"]
    key = _key(endpoint, str(body["key"]))
    with emu().state.lock:
        rows = division.table(endpoint)
        if key not in rows:
            raise ExactError(404, "No such record.")
        rows[key].update(_fields(division.code, endpoint, body.get("fields", {})))
        emu().state.touch(division, endpoint, key, notify=bool(body.get("notify", True)))
        changes = emu().state.take_changes()
    emu().webhooks.enqueue(changes, request.host_url.rstrip("/"))
    return jsonify(plain(rows[key]))


@bp.post("/payments")
def payments():
    """Settle an invoice's open item: {"division", "InvoiceNumber", "Amount" (optional)}."""
    body = _body()
    division = _division(body["division"])
    amount = Decimal(str(body["Amount"])) if body.get("Amount") is not None else None
    with emu().state.lock:
        row = pay(emu().context(division), int(body["InvoiceNumber"]), amount)
        emu().state.take_changes()
        return jsonify(plain(row))


@bp.post("/stock")
def stock():
    """Set an item's stock in a warehouse: {"division", "Item", "Warehouse"?, "CurrentStock"}."""
    from .derive_logistics import change_stock, default_warehouse, item_warehouse

    body = _body()
    division = _division(body["division"])
    ctx = emu().context(division, request.host_url.rstrip("/"))
    with emu().state.lock:
        warehouse = body.get("Warehouse") or (default_warehouse(ctx) or {}).get("ID")
        row = item_warehouse(ctx, str(body["Item"]).lower(), warehouse)
        change_stock(
            ctx, row["Item"], warehouse, Decimal(str(body["CurrentStock"])) - row["CurrentStock"]
        )
        changes = emu().state.take_changes()
    emu().webhooks.enqueue(changes, request.host_url.rstrip("/"))
    return jsonify(plain(row))


@bp.get("/documents")
def documents():
    """Sales documents of every division, newest first: HTML, or JSON with ?format=json."""
    from .listing import page, rows

    with emu().state.lock:
        found = rows(emu().state)
    if request.args.get("format") == "json":
        return jsonify({"documents": found})
    return page(found), 200, {"Content-Type": "text/html; charset=utf-8"}


@bp.errorhandler(ExactError)
def exact_error(exc: ExactError):
    return exc.to_response()


@bp.errorhandler(KeyError)
def key_error(exc: KeyError):
    return jsonify({"error": f"missing or unknown: {exc}"}), 400
