"""Rows to Exact's verbose OData v2 JSON (or Atom XML when the client forgot the Accept header).

Every row carries ``__metadata`` (uri and type); child collections are ``__deferred`` links
unless ``$expand``-ed, when they come as ``{"results": [...]}``. Values are converted at this
edge only: dates to ``/Date(ms)/``, Decimals to JSON numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from .query import key_literal
from .schema import EntityDef
from .values import to_json

ChildFetcher = Callable[[str, dict], list[dict] | None]

# Exact's fixed-width text columns come back padded with spaces: VAT codes are char(3) ("02 ",
# the fidelity file's E7) and account countries too ("NL ", E8). Stored values stay trimmed, as
# Exact's own comparisons ignore trailing spaces; only the answer is padded.
PADDED = {("vat/VATCodes", "Code"): 3, ("crm/Accounts", "Country"): 3}


def render_row(
    entity: EntityDef,
    row: dict,
    *,
    division_uri: str,
    endpoint_path: str,
    select: list[str] | None = None,
    expand: list[str] | None = None,
    children: ChildFetcher | None = None,
    catalogue: dict[str, EntityDef] | None = None,
) -> dict:
    collection_uri = f"{division_uri}/{endpoint_path}"
    key_prop = entity.prop(entity.key)
    key_value = row.get(entity.key)
    uri = f"{collection_uri}({key_literal(key_prop.type if key_prop else 'Edm.Guid', key_value)})"
    out: dict[str, object] = {"__metadata": {"uri": uri, "type": entity.type_name}}
    names = select if select is not None else list(entity.properties)
    for name in names:
        prop = entity.properties[name]
        if prop.is_collection:
            if expand and name in expand and children is not None and catalogue is not None:
                rows = children(prop.collection_of or "", row) or []
                child_entity = catalogue[prop.collection_of or ""]
                out[name] = {
                    "results": [
                        render_row(
                            child_entity,
                            child,
                            division_uri=division_uri,
                            endpoint_path=child_entity.path,
                        )
                        for child in rows
                    ]
                }
            else:
                out[name] = {"__deferred": {"uri": f"{uri}/{name}"}}
            continue
        value = row.get(name)
        width = PADDED.get((entity.path, name))
        if width is not None and isinstance(value, str):
            value = value.ljust(width)
        out[name] = to_json(value)
    return out


def atom_feed(title: str, base_uri: str, rows: list[dict]) -> str:
    """A minimal Atom rendering, which is what Exact answers without Accept: application/json."""
    entries = "".join(atom_entry(row) for row in rows)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" '
        'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">'
        f'<title type="text">{escape(title)}</title><id>{escape(base_uri)}</id>{entries}</feed>'
    )


def atom_entry(row: dict) -> str:
    meta = row.get("__metadata") or {}
    props = "".join(
        f"<d:{name}>{escape(str(value))}</d:{name}>"
        if value is not None
        else f'<d:{name} m:null="true"/>'
        for name, value in row.items()
        if name != "__metadata" and not isinstance(value, dict)
    )
    return (
        f"<entry><id>{escape(str(meta.get('uri', '')))}</id>"
        f'<category term="{escape(str(meta.get("type", "")))}" '
        'scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"/>'
        f'<content type="application/xml"><m:properties>{props}</m:properties></content></entry>'
    )
