"""Edm values in and out: type checks on writes, ``/Date(ms)/`` and numbers on reads.

Records keep native Python values (``Decimal`` for Edm.Double, naive Dutch-local ``datetime``
for Edm.DateTime, lower-case ``str`` GUIDs) so derived amounts are exact; conversion happens only
at the HTTP edge.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from .clock import EXACT_ZONE
from .errors import bad_request

GUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
MS_DATE_RE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
INT_RANGES = {
    "Edm.Byte": (0, 255),
    "Edm.Int16": (-(2**15), 2**15 - 1),
    "Edm.Int32": (-(2**31), 2**31 - 1),
    "Edm.Int64": (-(2**63), 2**63 - 1),
}
EPOCH = datetime(1970, 1, 1)


def is_guid(value: object) -> bool:
    return isinstance(value, str) and bool(GUID_RE.match(value))


def parse_datetime_text(text: str) -> datetime | None:
    """ISO 8601 (date, or date and time, optional zone) or ``/Date(ms)/``; None if neither.

    A value with a zone is converted to Dutch local time, the time Exact keeps (UNCONFIRMED:
    Exact's exact handling of zones on input is undocumented).
    """
    match = MS_DATE_RE.match(text)
    if match:
        return EPOCH + timedelta(milliseconds=int(match.group(1)))
    candidate = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(EXACT_ZONE).replace(tzinfo=None)
    return parsed


def coerce_in(entity_name: str, prop_name: str, edm: str, value: object) -> object:
    """Check a JSON value against its Edm type and return the stored Python value.

    Strictness (UNCONFIRMED where Exact's WCF deserializer is lenient): numbers must be JSON
    numbers and booleans JSON booleans; only Edm.Int64 also takes a digit string, because
    OData v2 JSON serialises Int64 as a string.
    """
    if value is None:
        return None

    def wrong() -> Exception:
        return bad_request(
            f"Error processing request stream. Type mismatch for property '{prop_name}' of "
            f"'{entity_name}': expected {edm}, got {type(value).__name__} {value!r}."
        )

    if edm == "Edm.String":
        if not isinstance(value, str):
            raise wrong()
        return value
    if edm == "Edm.Guid":
        if not is_guid(value):
            raise wrong()
        return str(value).lower()
    if edm == "Edm.Boolean":
        if not isinstance(value, bool):
            raise wrong()
        return value
    if edm in INT_RANGES:
        if edm == "Edm.Int64" and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, Decimal) and value == value.to_integral_value():
                value = int(value)
            else:
                raise wrong()
        low, high = INT_RANGES[edm]
        if not low <= value <= high:
            raise wrong()
        return value
    if edm in ("Edm.Double", "Edm.Decimal", "Edm.Single"):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise wrong()
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise wrong() from exc
        if not number.is_finite():
            raise wrong()
        return number
    if edm == "Edm.DateTime":
        if not isinstance(value, str):
            raise wrong()
        parsed = parse_datetime_text(value)
        if parsed is None:
            raise wrong()
        return parsed
    if edm == "Edm.Binary":
        if not isinstance(value, str):
            raise wrong()
        return value
    raise wrong()


def to_json(value: object) -> object:
    """Python value -> Exact's JSON form (dates as ``/Date(ms)/`` of the local wall time)."""
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None) if value.tzinfo else value
        ms = int((naive - EPOCH).total_seconds() * 1000)
        return f"/Date({ms})/"
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and abs(value) < 2**53
            else float(value)
        )
    return value


def from_json_date(text: str) -> datetime:
    """Inverse of ``to_json`` for dates; used by tests and the control API."""
    parsed = parse_datetime_text(text)
    if parsed is None:
        raise ValueError(f"not a date: {text!r}")
    return parsed


def utc_ms(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp() * 1000)
