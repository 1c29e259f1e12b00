"""OData v2 literals and paging helpers, spelled as Exact Online expects them.

Getting a literal wrong does not fail loudly at Exact: a string compared with a GUID property, or
an account code without its 18-character padding, simply matches nothing, and the flow creates a
duplicate. These helpers are the one place literals are written.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin

ACCOUNT_CODE_LENGTH = 18
_DATE_RE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


def guid(value: str | uuid.UUID) -> str:
    return f"guid'{uuid.UUID(str(value))}'"


def string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def int64(value: int) -> str:
    return f"{int(value)}L"


def datetime_(value: datetime | date) -> str:
    """``datetime'2026-01-01T00:00:00'``; aware values are converted to UTC first."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return f"datetime'{value.strftime('%Y-%m-%dT%H:%M:%S')}'"
    return f"datetime'{value.isoformat()}T00:00:00'"


def boolean(value: bool) -> str:
    return "true" if value else "false"


def account_code(code: str | int) -> str:
    """Exact stores account codes right-aligned in 18 characters; filters must match that."""
    text = str(code).strip()
    if len(text) > ACCOUNT_CODE_LENGTH:
        raise ValueError(f"account code {text!r} is longer than {ACCOUNT_CODE_LENGTH} characters")
    return string(text.rjust(ACCOUNT_CODE_LENGTH))


def literal(value: Any) -> str:
    """The literal for a Python value whose OData type follows from its Python type."""
    if isinstance(value, bool):
        return boolean(value)
    if isinstance(value, uuid.UUID):
        return guid(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime | date):
        return datetime_(value)
    if isinstance(value, str):
        return string(value)
    raise TypeError(f"no OData literal for {type(value).__name__}")


def parse_date(value: str | None) -> datetime | None:
    """``/Date(ms)/`` as Exact returns it, as an aware UTC datetime (Exact's own offset rules
    are not applied here; callers that care compare dates, not instants)."""
    if value is None:
        return None
    match = _DATE_RE.match(value)
    if match is None:
        raise ValueError(f"not an OData date: {value!r}")
    return datetime.fromtimestamp(int(match.group(1)) / 1000, tz=UTC)


def next_url(base: str, current_url: str, next_link: str | None) -> str | None:
    """Resolve ``__next``, which Exact sends absolute but some documentation shows relative."""
    if not next_link:
        return None
    if next_link.startswith(("http://", "https://")):
        return next_link
    return urljoin(current_url if current_url.startswith("http") else base, next_link)
