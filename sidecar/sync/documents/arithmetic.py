"""Exact's VAT arithmetic, and lines whose nets make it give the shop's VAT per code.

Whether Exact keeps a VAT amount sent on a sales invoice or sales order line, computes it per line
(amount x percentage, rounded half away from zero) or per VAT code over the document is documented
nowhere (only sales entry lines keep a sent ``VATAmountFC``); integrators report invoices stored a
cent off the source. So the sidecar does not send the shop's VAT and hope: it chooses the lines'
net amounts so that Exact's own arithmetic arrives at the shop's VAT per code.

* ``line`` (also right for an Exact that keeps the VAT sent, since the VAT sent is exactly the
  per-line figure): moving whole cents of net between lines of one VAT code, which leaves the
  code's net unchanged, until the per-line roundings add up to the shop's VAT; where no move does
  it (a code with one line), that line's net shifts as below;
* ``document``: shifting the code's net by the fewest cents that make the rounded VAT of the sum
  the shop's; the shifted cents go into the rounding line (0 %), so the document's total and its
  revenue stay the shop's.

``MODES`` are what ``learn`` can tell apart from a create answer. Until an administration's
arithmetic is known the lines are built for ``line``; the first answer that ``document`` would
have totalled differently settles it (``sync.documents.totals``), and it is kept per Exact app and
division in Redis (losing it only costs one correction again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from redis import Redis

CENT = Decimal("0.01")
ZERO = Decimal("0")
MODES = ("line", "document")
DEFAULT = "line"
# How far the fit may move a line's or a code's net: enough for two cents of VAT at 5 %.
MAX_STEPS = 45


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_vat(amount: Decimal, percent: Decimal) -> Decimal:
    """A line's VAT as Exact computes it: half away from zero (Decimal's ROUND_HALF_UP)."""
    return money(amount * percent / 100)


@dataclass
class Entry:
    """One taxed Exact line being built: its signed net and the shop's signed VAT for it."""

    amount: Decimal
    shop_vat: Decimal
    code: str
    percent: Decimal
    movable: bool = True  # False where the net may not change (sales entries)
    quantity: Decimal = Decimal(1)

    def clean(self, amount: Decimal) -> bool:
        """Whether ``amount`` keeps the line's net price in whole cents (a cent moved onto a
        line of two mugs would show a price of 9.005)."""
        return self.quantity == 0 or (amount / self.quantity) % CENT == 0


def by_code(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.code, []).append(entry)
    return groups


def vat_of(entries: list[Entry], mode: str) -> Decimal:
    """The VAT Exact books for one code's lines (their amounts as they stand)."""
    if mode == "document":
        return line_vat(sum((e.amount for e in entries), ZERO), entries[0].percent)
    return sum((line_vat(e.amount, e.percent) for e in entries), ZERO)


def predict(entries: Iterable[Entry], mode: str) -> Decimal:
    """The VAT of the whole document under ``mode``."""
    return sum((vat_of(rows, mode) for rows in by_code(entries).values()), ZERO)


def fit(entries: list[Entry], mode: str) -> bool:
    """Move the nets of one code's lines so Exact's ``mode`` gives the shop's VAT for the code.

    Returns False (amounts as they were) when no small move does it: the shop's VAT is then not
    what its nets imply, and the document books Exact's VAT with the difference said."""
    target = sum((e.shop_vat for e in entries), ZERO)
    percent = entries[0].percent
    movable = [e for e in entries if e.movable]
    if percent == 0 or vat_of(entries, mode) == target:
        return True
    if not movable:
        return False
    before = [e.amount for e in entries]
    # per line, cents move between lines first (the code's net unchanged); where no move does
    # it (a code on one line: shipping alone at 19 %), one line's net shifts as per document
    done = mode != "document" and _fit_lines(entries, movable, target)
    done = done or _shift(entries, movable, target, mode)
    if not done:
        for entry, amount in zip(entries, before, strict=True):
            entry.amount = amount
    return done


def _shift(entries: list[Entry], movable: list[Entry], target: Decimal, mode: str) -> bool:
    """The fewest cents on one line that make the code's VAT under ``mode`` the target, on a
    line whose price stays in whole cents if one can (the largest such line first); the shifted
    net goes into the rounding line."""
    ordered = sorted(movable, key=lambda e: -abs(e.amount))
    for tidy in (True, False):
        for step in range(1, MAX_STEPS + 1):
            for shift in (CENT * step, -CENT * step):
                for entry in ordered:
                    if tidy and not entry.clean(entry.amount + shift):
                        continue
                    start = entry.amount
                    entry.amount = start + shift
                    if vat_of(entries, mode) == target:
                        return True
                    entry.amount = start
    return False


def _fit_lines(entries: list[Entry], movable: list[Entry], target: Decimal) -> bool:
    """Cents moved from one line to another (the code's net unchanged) until the per-line
    roundings add up to the target; each move is the smallest that gains one cent of VAT."""
    for _ in range(4):
        gap = target - vat_of(entries, "line")
        if gap == 0:
            return True
        move = _best_move(movable, CENT if gap > 0 else -CENT)
        if move is None:
            return False
        source, sink, cents = move
        sink.amount += cents
        source.amount -= cents
    return vat_of(entries, "line") == target


def _best_move(movable: list[Entry], want: Decimal) -> tuple[Entry, Entry, Decimal] | None:
    """(from, to, cents): the smallest shift of net that changes the summed line VAT by ``want``,
    one that keeps both lines' prices in whole cents if there is one."""
    for tidy in (True, False):
        found = _move(movable, want, tidy)
        if found is not None:
            return found
    return None


def _move(movable: list[Entry], want: Decimal, tidy: bool) -> tuple[Entry, Entry, Decimal] | None:
    for step in range(1, MAX_STEPS + 1):
        for sink in movable:
            for source in movable:
                if source is sink:
                    continue
                for cents in (CENT * step, -CENT * step):
                    if tidy and not (
                        sink.clean(sink.amount + cents) and source.clean(source.amount - cents)
                    ):
                        continue
                    gained = (
                        line_vat(sink.amount + cents, sink.percent)
                        - line_vat(sink.amount, sink.percent)
                        + line_vat(source.amount - cents, source.percent)
                        - line_vat(source.amount, source.percent)
                    )
                    if gained == want:
                        return source, sink, cents
    return None


# -- what is known about an administration ----------------------------------------------------


def _key(client_id: str, division: int) -> str:
    return f"sidecar:exact:vat-arithmetic:{client_id}:{division}"


def known(redis: Redis, client_id: str, division: int) -> str | None:
    raw = redis.get(_key(client_id, division))
    mode = raw.decode() if isinstance(raw, bytes) else raw
    return mode if mode in MODES else None


def remember(redis: Redis, client_id: str, division: int, mode: str) -> None:
    redis.set(_key(client_id, division), mode)


def learn(predictions: dict[str, Decimal], answered: Decimal) -> str | None:
    """The arithmetic an answer proves: the one mode whose prediction it equals."""
    matching = [mode for mode, vat in predictions.items() if vat == answered]
    return matching[0] if len(matching) == 1 else None
