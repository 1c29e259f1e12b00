"""The entity catalogue: which properties each endpoint has, their Edm types and write flags.

Loaded from ``entities.json`` (a trimmed copy of the project's Exact reference, regenerated with
``schema_build.py``) so that what the emulator accepts and returns follows Exact's own
documentation rather than anybody's client code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENTITIES_FILE = Path(__file__).with_name("entities.json")


@dataclass(frozen=True)
class PropertyDef:
    name: str
    type: str  # "Edm.String", "Edm.Guid", ... or "collection"
    post: bool | None  # None: newer than the 2022 reference, write support unknown
    put: bool | None
    mandatory: bool
    collection_of: str | None = None

    @property
    def is_collection(self) -> bool:
        return self.type == "collection"


@dataclass(frozen=True)
class EntityDef:
    path: str  # e.g. "crm/Accounts"
    name: str  # e.g. "Account"
    key: str
    methods: tuple[str, ...]
    properties: dict[str, PropertyDef]
    derived_from: str | None = None

    @property
    def type_name(self) -> str:
        return f"Exact.Web.Api.Models.{self.name}"

    def prop(self, name: str) -> PropertyDef | None:
        return self.properties.get(name)

    def collections(self) -> list[PropertyDef]:
        return [prop for prop in self.properties.values() if prop.is_collection]


def _entity(path: str, raw: dict) -> EntityDef:
    props = {}
    for name, row in raw["properties"].items():
        collection_of = row[4] if len(row) > 4 else None
        props[name] = PropertyDef(name, row[0], row[1], row[2], bool(row[3]), collection_of)
    return EntityDef(
        path=path,
        name=raw["name"],
        key=raw["key"],
        methods=tuple(raw["methods"]),
        properties=props,
        derived_from=raw.get("derived_from"),
    )


@lru_cache(maxsize=1)
def catalogue() -> dict[str, EntityDef]:
    raw = json.loads(ENTITIES_FILE.read_text(encoding="utf-8"))
    return {path: _entity(path, entity) for path, entity in raw.items()}


def entity(path: str) -> EntityDef:
    return catalogue()[path]
