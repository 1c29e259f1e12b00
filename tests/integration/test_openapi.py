"""docs/openapi.yaml against the running app.

README.md and docs/contract.md send plugin authors to docs/openapi.yaml, so it must not drift from
the code: every route Flask serves is described and nothing else is, and real answers over HTTP
carry a status the document lists with a body that fits its schema. A parser for the block-style
YAML subset the document is written in and a checker for the JSON Schema keywords it uses live
here (they predate the fuzz run's dependency, which brings PyYAML); both refuse what they do not
understand instead of guessing, and the parser must agree with PyYAML when it is importable.
The schema-driven fuzz of every operation is test_openapi_fuzz.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from tests.support.signing import SignedClient, event

SPEC_PATH = Path(__file__).parents[2] / "docs" / "openapi.yaml"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
Json = dict[str, Any]

# -- the YAML subset ------------------------------------------------------------------------

_QUOTED = r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'"""
_ENTRY = re.compile(rf"^({_QUOTED}|[A-Za-z0-9_$/][^:]*?):(?: +(.*))?$")
# Plain text PyYAML would read as a bool, null, number or date, or as a comment or mapping.
_AMBIGUOUS = re.compile(
    r"(?i)yes|no|on|off|true|false|null|[-+]?(0x[0-9a-f_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])*)"
    r"|[-+]?([0-9][0-9_]*)?\.[0-9_]*(e[-+][0-9]+)?|[-+]?\.(inf|nan)|[0-9]{4}-[0-9]{1,2}-.*"
    r"|.*: .*|.* #.*"
)


def _scalar(text: str) -> Any:
    if text.startswith('"'):
        return json.loads(text)
    if text.startswith("'"):
        if not re.fullmatch(r"'(?:[^']|'')*'", text):
            raise ValueError(f"bad single-quoted scalar: {text}")
        return text[1:-1].replace("''", "'")
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(p.strip()) for p in re.findall(rf"{_QUOTED}|[^,]+", text[1:-1])]
    special = {"{}": {}, "null": None, "~": None, "true": True, "false": False}
    if text in special:
        return special[text]
    if re.fullmatch(r"-?(0|[1-9][0-9]*)", text):
        return int(text)
    if text[0] in "[]{}#&*!|>%@`,?:-" or _AMBIGUOUS.fullmatch(text) or text.endswith(":"):
        raise ValueError(f"YAML scalar outside the supported subset: {text}")
    return text


class _Yaml:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.i = 0

    def peek(self) -> tuple[int, str] | None:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            body = line.lstrip(" ")
            if body.startswith("\t"):
                raise ValueError(f"line {self.i + 1}: tab indentation")
            if body and not body.startswith("#"):
                return len(line) - len(body), body.rstrip()
            self.i += 1
        return None

    def fail(self, why: str) -> ValueError:
        return ValueError(f"{SPEC_PATH.name} line {self.i + 1}: {why}")

    def node(self) -> Any:
        indent, body = self.peek() or (0, "")
        return self.seq(indent) if body == "-" or body.startswith("- ") else self.map(indent)

    def map(self, indent: int) -> Json:
        out: Json = {}
        while (nxt := self.peek()) is not None and nxt[0] >= indent:
            match = _ENTRY.match(nxt[1])
            if nxt[0] > indent or match is None:
                raise self.fail("not a mapping entry at this indentation")
            self.i += 1
            key = _scalar(match[1])
            if key in out:
                raise self.fail(f"duplicate key {key!r}")
            out[key] = self.value(match[2] or "", indent)
        return out

    def seq(self, indent: int) -> list[Any]:
        out: list[Any] = []
        while (nxt := self.peek()) is not None and nxt[0] == indent and nxt[1][:2] in ("-", "- "):
            rest = nxt[1][1:].lstrip(" ")
            if _ENTRY.match(rest):  # a mapping item: read this line again as its first entry
                column = indent + len(nxt[1]) - len(rest)
                self.lines[self.i] = " " * column + rest
                out.append(self.map(column))
            else:
                self.i += 1
                out.append(self.value(rest, indent))
        if nxt is not None and nxt[0] > indent:
            raise self.fail("unexpected indentation in a sequence")
        return out

    def value(self, rest: str, indent: int) -> Any:
        if rest in ("|", "|-", ">", ">-"):
            return self.block(rest, indent)
        if rest:
            return _scalar(rest)
        nxt = self.peek()
        return self.node() if nxt is not None and nxt[0] > indent else None

    def block(self, style: str, indent: int) -> str:
        raw: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
                break
            raw.append(line)
            self.i += 1
        width = min((len(r) - len(r.lstrip(" ")) for r in raw if r.strip()), default=0)
        rows = [r[width:] if r.strip() else "" for r in raw]
        while rows and not rows[-1]:
            rows.pop()
        if style[0] == "|":
            text = "\n".join(rows)
        else:
            text, gap = "", 0
            for row in rows:
                if row.startswith(" "):
                    raise self.fail("more-indented line in a folded scalar")
                gap, text = (gap + 1, text) if not row else (0, text + ("\n" * gap or " ") + row)
            text = text.lstrip(" ")
        return text if style.endswith("-") or not text else text + "\n"


def parse_yaml(text: str) -> Any:
    parser = _Yaml(text)
    doc = parser.node()
    if parser.peek() is not None:
        raise parser.fail("text after the document")
    return doc


# -- the JSON Schema subset -----------------------------------------------------------------

_UNSUPPORTED = {"anyOf", "not", "if", "prefixItems", "patternProperties", "dependentSchemas"}
_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
    "integer": int,
    "number": (int, float),
}


def _is(value: Any, kind: str) -> bool:
    return isinstance(value, _TYPES[kind]) and (kind == "boolean") == isinstance(value, bool)


def lookup(spec: Json, ref: str) -> Json:
    assert ref.startswith("#/"), ref
    node: Any = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def problems(spec: Json, value: Any, schema: Json, at: str = "$") -> list[str]:
    """What is wrong with ``value`` under ``schema`` (type, enum, pattern, required, properties,
    additionalProperties, items, $ref, allOf, oneOf; annotations and sizes are not checked)."""
    assert not set(schema) & _UNSUPPORTED, f"{at}: the checker does not know {set(schema)}"
    found: list[str] = []
    if "$ref" in schema:
        found += problems(spec, value, lookup(spec, schema["$ref"]), at)
    kinds = schema.get("type")
    if kinds is not None and not any(
        _is(value, k) for k in ([kinds] if isinstance(kinds, str) else kinds)
    ):
        return [*found, f"{at}: {value!r} is not of type {kinds}"]
    if "enum" in schema and not any(
        value == e and isinstance(value, bool) == isinstance(e, bool) for e in schema["enum"]
    ):
        found.append(f"{at}: {value!r} is not one of {schema['enum']}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        found.append(f"{at}: {value!r} does not match {schema['pattern']}")
    for sub in schema.get("allOf", []):
        found += problems(spec, value, sub, at)
    if "oneOf" in schema:
        fits = [s for s in schema["oneOf"] if not problems(spec, value, s, at)]
        if len(fits) != 1:
            found.append(f"{at}: {value!r} fits {len(fits)} of the oneOf schemas, not 1")
    if isinstance(value, dict):
        found += [f"{at}: no {k!r}" for k in schema.get("required", []) if k not in value]
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            sub = schema.get("properties", {}).get(key, extra)
            if sub is False:
                found.append(f"{at}: {key!r} is not a documented property")
            elif isinstance(sub, dict):
                found += problems(spec, item, sub, f"{at}.{key}")
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            found += problems(spec, item, schema["items"], f"{at}[{index}]")
    return found


# -- the tests ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec() -> Json:
    return parse_yaml(SPEC_PATH.read_text(encoding="utf-8"))


def _operations(spec: Json) -> list[tuple[str, str, Json]]:
    return [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    return [r for v in node for r in _refs(v)] if isinstance(node, list) else []


def test_document_parses_as_openapi_31(spec: Json) -> None:
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        pass
    else:
        assert spec == yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert re.fullmatch(r"3\.1\.\d+", spec["openapi"]), spec["openapi"]
    assert {"title", "version"} <= set(spec["info"])
    operations = _operations(spec)
    assert len(operations) >= 17
    for path, method, op in operations:
        assert op.get("responses"), f"{method.upper()} {path} lists no response"
        for status in op["responses"]:
            assert isinstance(status, str) and re.fullmatch(r"[1-5][0-9][0-9]|default", status)
        declared = {
            lookup(spec, p["$ref"])["name"] if "$ref" in p else p["name"]
            for p in [*spec["paths"][path].get("parameters", []), *op.get("parameters", [])]
        }
        assert set(re.findall(r"\{([^}]+)\}", path)) <= declared, f"{path}: undeclared parameter"
    for ref in _refs(spec):
        lookup(spec, ref)  # every $ref resolves (KeyError otherwise)
    assert set(spec["components"]["securitySchemes"]) >= {
        "sidecarShop",
        "sidecarTimestamp",
        "sidecarSignature",
    }


def test_every_served_route_is_documented_and_nothing_else(spec: Json, app: Flask) -> None:
    served = {
        (re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    documented = {(path, method) for path, method, _ in _operations(spec)}
    assert not served - documented, f"served but not documented: {sorted(served - documented)}"
    assert not documented - served, f"documented but not served: {sorted(documented - served)}"


def test_the_checker_refuses_what_the_document_forbids(spec: Json) -> None:
    error = {"$ref": "#/components/schemas/Error"}
    assert not problems(spec, {"error": {"code": "not_found", "message": "Gone."}}, error)
    assert problems(spec, {"error": {"code": "not_found"}}, error)
    assert problems(spec, {"error": {"code": "Not Found", "message": "x"}}, error)
    assert problems(spec, {"error": {"code": "x", "message": "x"}, "extra": 1}, error)
    assert problems(
        spec, {"status": "ok", "db": "down", "redis": "ok"}, {"$ref": "#/components/schemas/Health"}
    )


def _check(spec: Json, method: str, path: str, response: requests.Response) -> list[str]:
    where = f"{method} {path} -> {response.status_code}"
    answer = spec["paths"][path][method.lower()]["responses"].get(str(response.status_code))
    if answer is None:
        return [f"{where}: status not listed"]
    if "$ref" in answer:
        answer = lookup(spec, answer["$ref"])
    media = response.headers.get("Content-Type", "").split(";")[0]
    content = answer.get("content", {})
    if media not in content:
        return [f"{where}: {media} not listed (only {sorted(content)})"]
    if media != "application/json":
        return []
    return problems(spec, response.json(), content[media]["schema"], where)


def test_real_answers_fit_the_document(spec: Json, live: str, client: SignedClient) -> None:
    settings = "/api/v1/shop/settings"
    cases: list[tuple[str, str, int, requests.Response]] = [
        ("PUT", settings, 400, client.put(settings, {"trigger_statuses": [], "colour": "red"})),
        (
            "PUT",
            settings,
            200,
            client.put(settings, {"document": {"type": "sales_invoice", "journal": "70"}}),
        ),
        ("GET", settings, 200, client.get(settings)),
        ("POST", "/api/v1/events", 202, client.post("/api/v1/events", event())),
        ("POST", "/api/v1/events", 200, client.post("/api/v1/events", event())),
        ("GET", "/api/v1/shop", 200, client.get("/api/v1/shop")),
        ("GET", "/api/v1/shop/activity", 200, client.get("/api/v1/shop/activity?limit=5")),
        ("GET", "/api/v1/shop/activity", 400, client.get("/api/v1/shop/activity?limit=0")),
        ("GET", "/api/v1/shop/orders/{entity_id}", 200, client.get("/api/v1/shop/orders/15")),
        ("GET", "/api/v1/shop/backfill", 200, client.get("/api/v1/shop/backfill")),
        ("GET", "/api/v1/shop", 401, requests.get(f"{live}/api/v1/shop", timeout=30)),
        ("GET", "/healthz", 200, requests.get(f"{live}/healthz", timeout=30)),
        ("POST", "/hooks/exact", 200, requests.post(f"{live}/hooks/exact", timeout=30)),
    ]
    found = [
        f"{m} {p}: expected {want}, got {r.status_code} {r.text[:200]}"
        for m, p, want, r in cases
        if r.status_code != want
    ]
    for method, path, _, response in cases:
        found += _check(spec, method, path, response)
    activity = cases[6][3].json()["items"]
    assert activity and activity[0]["kind"] == "settings", "the check above saw no activity line"
    assert not found, "\n".join(found)
