"""The three ways Exact may arrive at a sales document's VAT (``EmulatorConfig.vat_arithmetic``).

No Exact document says whether a ``VATAmountFC``/``VATAmount`` sent on a sales invoice or sales
order line is kept, or whether Exact recomputes it per line or per VAT code over the document;
integrators report invoices stored a cent off the source's total (picqer #662, the fidelity
file's addendum). The emulator therefore knows all three, so the sidecar is tested under each:

* ``client``: a sent line VAT is kept when it is within a cent of Exact's own (today's rule);
* ``line`` (the default): a sent line VAT is ignored; each line's VAT is its amount times the
  code's percentage, rounded half away from zero;
* ``document``: the VAT per VAT code is the sum of that code's line amounts times the
  percentage, rounded once; the lines carry their own rounded VAT with the code's difference on
  its largest line, so lines and header agree as they do in Exact's screens.

Sales entry lines always keep a sent ``VATAmountFC`` (Exact documents it as an override).
Inclusive codes (``Type`` I) carve VAT out of each line and are left per line in every mode.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .amounts import money, total
from .references import VAT, lookup
from .resources import WriteContext

VAT_ARITHMETICS = ("client", "line", "document")


def check_mode(mode: str) -> str:
    if mode not in VAT_ARITHMETICS:
        raise ValueError(f"vat_arithmetic must be one of {', '.join(VAT_ARITHMETICS)}: {mode!r}")
    return mode


def sent_vat(ctx: WriteContext, line: dict, vat_field: str) -> Decimal | None:
    """The VAT amount of a line that Exact takes from the client, if any."""
    return line.get(vat_field) if ctx.config.vat_arithmetic == "client" else None


def settle(
    ctx: WriteContext,
    lines: list[dict],
    vat_field: str,
    home: Any = None,
) -> None:
    """In ``document`` mode, give each VAT code's lines the VAT of the code's summed amounts.

    ``home`` converts a VAT amount into the division's currency for ``VATAmountDC`` (invoice
    lines carry it; order lines do not)."""
    if ctx.config.vat_arithmetic != "document":
        return
    groups: dict[str, list[dict]] = {}
    for line in lines:
        code = lookup(ctx.division, VAT, line.get("VATCode")) or {}
        if code.get("Type") == "I":
            continue
        groups.setdefault(str(line.get("VATCode")), []).append(line)
    for rows in groups.values():
        percentage = rows[0].get("VATPercentage") or Decimal(0)
        per_line = [money(row["AmountFC"] * percentage) for row in rows]
        whole = money(total([row["AmountFC"] for row in rows]) * percentage)
        largest = max(range(len(rows)), key=lambda i: abs(rows[i]["AmountFC"]))
        per_line[largest] += whole - total(per_line)
        for row, vat in zip(rows, per_line, strict=True):
            row[vat_field] = vat
            if home is not None:
                row["VATAmountDC"] = home(vat)
