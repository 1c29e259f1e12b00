"""Whether the administration's Exact edition has direct invoices (types 8023/8024).

Direct invoices exist only in the Wholesale & Distribution and Manufacturing editions (Plus,
Professional, Premium; Exact's ``SalesInvoices.Type`` docs). No public API names the edition
(``current/Me.PackageCode`` names the licence, with undocumented values), but warehouses exist
only in those same editions (the ``Warehouse`` field text), and direct invoices need one. So
``mapping.exact_checks.direct_invoices`` asks for the warehouses when the setting is saved and
before each direct invoice: none (or a refused list) marks the division here. A direct invoice
Exact still refuses on its ``Type`` marks it too. From then on

- an order that would become a direct invoice fails at once with one sentence naming the
  setting, without calling Exact (Exact blocks apps that repeat refused calls);
- saving ``document.type = direct_invoice`` is refused with the same sentence.

The mark lives a day and is cleared when Exact is connected again, so an upgraded edition is
picked up without support.
"""

from __future__ import annotations

import re

from sidecar.runtime import Runtime

MARK_SECONDS = 24 * 3600
# Exact's refusal of the Type value itself ("Ongeldig: Type", in the user's language); the
# customer-status refusals read "Ongeldig: Factuur voor (Type)" and are not this.
_TYPE_REFUSED = re.compile(
    r"^(ongeldig|invalid|ungültig|non valide|no válido)\s*:\s*type\b(?!\))", re.IGNORECASE
)
SENTENCE = (
    "This Exact Online administration has no direct invoices: they exist only in the Wholesale "
    "& Distribution and Manufacturing editions."
)
RESOLUTION = (
    "Choose sales invoice, sales order or sales entry under Settings > Documents "
    "(document.type), then press Retry."
)


def _key(division: int) -> str:
    return f"sidecar:exact:edition:{division}:no_direct_invoices"


def is_edition_refusal(text: str) -> bool:
    """True when Exact refused a direct invoice on its ``Type``, i.e. the edition lacks it."""
    return any(_TYPE_REFUSED.match(line.strip()) for line in text.splitlines())


def remember(rt: Runtime, division: int) -> None:
    rt.redis.set(_key(division), 1, ex=MARK_SECONDS)


def forget(rt: Runtime, division: int) -> None:
    rt.redis.delete(_key(division))


def lacks_direct_invoices(rt: Runtime, division: int) -> bool:
    return bool(rt.redis.exists(_key(division)))
