"""Loading divisions from a JSON seed (the shipped default or a file given on the CLI).

Seed records may set read-only fields (VAT percentages, stock, standard prices), which is how an
administrator's existing data gets into the emulator. ``"$ref:<endpoint>:<Code>"`` points at the
record of that endpoint with that code; record IDs are derived from division, endpoint and code,
so they stay the same after a reset and tests can rely on them.
"""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import ExactError
from .resources import Resource, WriteContext
from .schema import catalogue
from .state import EmulatorState
from .values import coerce_in
from .writes import Payload

DEFAULT_SEED = Path(__file__).with_name("seeds") / "default.json"
NAMESPACE = uuid.UUID("5b0f3c2e-8e1f-4b8a-9f61-4c6f0e7a1d20")
REF_PREFIX = "$ref:"


def seed_id(division: int, endpoint: str, code: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{division}:{endpoint}:{str(code).strip()}"))


def read_seed(path: str | Path | None) -> dict[str, Any]:
    source = Path(path) if path is not None else DEFAULT_SEED
    return json.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)


def _value(division: int, entity_path: str, name: str, edm: str, value: Any) -> Any:
    if isinstance(value, str) and value.startswith(REF_PREFIX):
        endpoint, _, code = value[len(REF_PREFIX) :].rpartition(":")
        return seed_id(division, endpoint, code)
    if edm in ("Edm.Double", "Edm.Decimal") and isinstance(value, int | Decimal):
        return Decimal(value)
    try:
        return coerce_in(entity_path, name, edm, value)
    except ExactError as exc:
        raise ValueError(f"seed: {entity_path}.{name}: {exc.message}") from exc


def load_seed(
    state: EmulatorState, data: dict[str, Any], resources: dict[str, Resource], ctx_factory
) -> None:
    """Fill ``state`` from seed ``data``; ``ctx_factory(division)`` builds a WriteContext."""
    entities = catalogue()
    for division_data in data["divisions"]:
        code = int(division_data["code"])
        division = state.add_division(
            code,
            division_data.get("description", f"Division {code}"),
            country=division_data.get("country", "NL"),
            edition=division_data.get("edition", "wholesale"),
        )
        if division_data.get("current"):
            state.current_division = code
        ctx: WriteContext = ctx_factory(division)
        for endpoint, records in division_data.get("records", {}).items():
            entity = entities[endpoint]
            for raw in records:
                record = {}
                for name, value in raw.items():
                    prop = entity.prop(name)
                    if prop is None:
                        raise ValueError(f"seed: {endpoint} has no property {name}")
                    record[name] = _value(code, endpoint, name, prop.type, value)
                if record.get(entity.key) is None:
                    identity = raw.get("Code") or raw.get("Item") or uuid.uuid4()
                    if endpoint == "inventory/ItemWarehouses":
                        identity = f"{raw['Item']}@{raw['Warehouse']}"
                    record[entity.key] = seed_id(code, endpoint, identity)
                resource = resources.get(endpoint)
                if resource is not None:
                    resource.derive(ctx, record, Payload(fields=dict(record)), creating=True)
                state.insert(division, endpoint, entity.key, record)
    state.take_changes()
