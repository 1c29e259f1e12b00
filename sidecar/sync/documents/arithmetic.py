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

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from redis import Redis

CENT = Decimal("0.01")
ZERO = Decimal("0")
MODES = ("line", "document")
DEFAULT = "line"


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


def allowance(limit: Decimal, lines: int) -> Decimal:
    """How far a shop's VAT for a code may be from Exact's on the same nets and still be
    rounding: the tolerance, plus half a cent per line (a shop that rounds the code's subtotal
    where Exact rounds each line, or the other way round, differs by up to that much). A code of
    the wrong percentage differs in proportion to its net and stands out beyond it."""
    return limit + CENT / 2 * lines


def fit(entries: list[Entry], mode: str, limit: Decimal) -> bool:
    """Move the nets of one code's lines so Exact's ``mode`` gives the shop's VAT for the code.

    Returns False (amounts as they were) when it cannot: an untaxed code the shop charged VAT
    on, lines whose nets may not change (sales entries), or a shop VAT further than
    ``allowance(limit)`` from what Exact computes on the nets as they are (a VAT code of the
    wrong percentage, not rounding: shifting nets to meet it would book the wrong revenue)."""
    target = sum((e.shop_vat for e in entries), ZERO)
    percent = entries[0].percent
    now = vat_of(entries, mode)
    if percent == 0 or now == target:
        return now == target
    # a line of 0.00 (a free gift) keeps its zero: no price may turn negative
    movable = [e for e in entries if e.movable and e.amount != 0]
    if not movable or abs(target - now) > allowance(limit, len(entries)):
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


# -- the nets that give a VAT amount ---------------------------------------------------------


def nets_for(vat: Decimal, percent: Decimal, sign: int) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest net in whole cents (of ``sign``, or zero) whose VAT at
    ``percent`` is ``vat``, computed, not searched; None if there is none."""
    rate = percent / 100
    size = abs(vat)
    low = _ceil_cent((size - CENT / 2) / rate) if size else ZERO
    high = _ceil_cent((size + CENT / 2) / rate) - CENT  # half a cent up rounds away already
    if low < 0:
        low = ZERO
    # a net exactly on a boundary is settled by line_vat itself (the arithmetic above is exact
    # for decimal percentages, this guards the rest)
    while high >= low and line_vat(high, percent) != size:
        high -= CENT
    while low <= high and line_vat(low, percent) != size:
        low += CENT
    if low > high or (vat and (vat > 0) != (sign > 0)):
        return None
    return (low, high) if sign > 0 else (-high, -low)


def _ceil_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_CEILING)


def _cents(value: Decimal, rounding: str = ROUND_CEILING) -> int:
    """``value`` in whole cents (up by default: a net not in whole cents has to go further)."""
    return int((value / CENT).to_integral_value(rounding=rounding))


def _step(entry: Entry) -> int | None:
    """The cents a line's net moves by to keep its price in whole cents (None: it cannot)."""
    quantity = entry.quantity
    if quantity == 0 or quantity != quantity.to_integral_value():
        return None
    return int(quantity) if entry.clean(entry.amount) else None


def _nearest(low: int, high: int, step: int) -> int | None:
    """The multiple of ``step`` in [low, high] closest to zero, if any."""
    if low <= 0 <= high:
        return 0
    if low > 0:
        found = -(-low // step) * step
        return found if found <= high else None
    found = (high // step) * step
    return found if found >= low else None


def _same_sign(before: Decimal, after: Decimal) -> bool:
    return after != 0 and (after > 0) == (before > 0)


def _shift(entries: list[Entry], movable: list[Entry], target: Decimal, mode: str) -> bool:
    """The fewest cents on one line that make the code's VAT under ``mode`` the target, on a
    line whose price stays in whole cents if one can (the largest such line first); the shifted
    net goes into the rounding line."""
    best: tuple[bool, int, int] | None = None
    chosen: tuple[Entry, int] | None = None
    total = sum((e.amount for e in entries), ZERO)
    for rank, entry in enumerate(sorted(movable, key=lambda e: -abs(e.amount))):
        if mode == "document":
            base, want = total, target
        else:
            others = (line_vat(e.amount, e.percent) for e in entries if e is not entry)
            base, want = entry.amount, target - sum(others, ZERO)
        span = nets_for(want, entry.percent, 1 if base > 0 else -1)
        if span is None:
            continue
        low, high = _cents(span[0] - base), _cents(span[1] - base, ROUND_FLOOR)
        step = _step(entry)
        for tidy in (True, False):
            if tidy and step is None:
                continue
            cents = _nearest(low, high, step if tidy and step else 1)
            if cents is None or not _same_sign(entry.amount, entry.amount + cents * CENT):
                continue
            rank_key = (not tidy, abs(cents), rank)
            if best is None or rank_key < best:
                best, chosen = rank_key, (entry, cents)
            break
    if chosen is None:
        return False
    chosen[0].amount += chosen[1] * CENT
    return vat_of(entries, mode) == target


def _fit_lines(entries: list[Entry], movable: list[Entry], target: Decimal) -> bool:
    """Cents moved from one line to another (the code's net unchanged) until the per-line
    roundings add up to the target; each move is the smallest that gains one cent of VAT,
    found from where each line's VAT next changes, not by trying amounts."""
    for _ in range(len(entries) + 2):
        gap = target - vat_of(entries, "line")
        if gap == 0:
            return True
        move = _best_move(movable, 1 if gap > 0 else -1)
        if move is None:
            return False
        source, sink, cents = move
        sink.amount += cents * CENT
        source.amount -= cents * CENT
    return vat_of(entries, "line") == target


def _edges(entry: Entry) -> tuple[int | None, int | None, int | None, int | None]:
    """In cents from the line's net: where its VAT first rises, rises a second cent, first
    falls and falls a second cent (None beyond the line's sign)."""
    vat = line_vat(entry.amount, entry.percent)
    sign = 1 if entry.amount > 0 else -1
    edges: list[int | None] = []
    for wanted in (vat + CENT, vat + 2 * CENT, vat - CENT, vat - 2 * CENT):
        span = nets_for(wanted, entry.percent, sign)
        if span is None:
            edges.append(None)
            continue
        rising = wanted > vat
        # VAT grows with the net: a rise is reached at the span's low end, a fall at its high end
        at = span[0] if rising else span[1]
        if not _same_sign(entry.amount, at):
            edges.append(None)
        else:
            edges.append(_cents(abs(at - entry.amount)))
    return edges[0], edges[1], edges[2], edges[3]


def _best_move(movable: list[Entry], want: int) -> tuple[Entry, Entry, int] | None:
    """(from, to, cents): the smallest shift of net from one line to another that changes the
    summed line VAT by ``want`` (one cent either way), one that keeps both lines' prices in
    whole cents if there is one.

    Raising the sum by a cent: the receiving line crosses its next VAT edge up while the giving
    line stays above its next edge down, so the cents lie in [rise, min(fall, second rise) - 1];
    lowering it mirrors that."""
    edges = {id(e): _edges(e) for e in movable}
    steps = {id(e): _step(e) for e in movable}
    best: tuple[bool, int, Entry, Entry] | None = None
    for sink in movable:
        for source in movable:
            if source is sink:
                continue
            up1, up2, _, _ = edges[id(sink)]
            _, _, down1, down2 = edges[id(source)]
            if want > 0:  # the sink's VAT rises one cent, the source's stays
                low, caps = up1, (up2, down1)
            else:  # the source's VAT falls one cent, the sink's stays
                low, caps = down1, (down2, up1)
            if low is None:
                continue
            limits = [x for x in caps if x is not None]
            high = min(limits) - 1 if limits else low
            for tidy in (True, False):
                a, b = steps[id(sink)], steps[id(source)]
                if tidy and (a is None or b is None):
                    continue
                step = math.lcm(a, b) if tidy else 1
                cents = _nearest(low, high, step)
                if cents is None or cents == 0:
                    continue
                if not (
                    _same_sign(sink.amount, sink.amount + cents * CENT)
                    and _same_sign(source.amount, source.amount - cents * CENT)
                ):
                    continue
                choice = (not tidy, cents, source, sink)
                if best is None or choice[:2] < best[:2]:
                    best = choice
                break
    if best is None or best[0]:
        far = _tidy_beyond(movable, want, steps)
        if far is not None:
            return far
    if best is None:
        return None
    return best[2], best[3], best[1]


TIDY_REACH = 50  # cents: how far a move may go to keep both prices in whole cents


def _tidy_beyond(
    movable: list[Entry], want: int, steps: dict[int, int | None]
) -> tuple[Entry, Entry, int] | None:
    """The smallest move in whole multiples of both lines' quantities, up to ``TIDY_REACH``
    cents, that changes the summed VAT by ``want``: when two lines of 3 and 4 pieces must move
    12 cents, that crosses more than one VAT edge of each line, which ``_best_move``'s window
    between the first edges cannot hold. Each line's VAT change is computed once per multiple
    of its own step; a cents figure both lines can move is a multiple of both steps."""
    rises: dict[int, dict[int, int]] = {}
    falls: dict[int, dict[int, int]] = {}
    for entry in movable:
        step = steps[id(entry)]
        if step is None:
            continue
        vat = line_vat(entry.amount, entry.percent)
        up: dict[int, int] = {}
        down: dict[int, int] = {}
        for cents in range(step, TIDY_REACH + 1, step):
            moved = cents * CENT
            if _same_sign(entry.amount, entry.amount + moved):
                up[cents] = _cents(line_vat(entry.amount + moved, entry.percent) - vat)
            if _same_sign(entry.amount, entry.amount - moved):
                down[cents] = _cents(vat - line_vat(entry.amount - moved, entry.percent))
        rises[id(entry)], falls[id(entry)] = up, down
    # (cents, fall) -> the lines whose VAT falls by that much when they give that many cents
    givers: dict[tuple[int, int], list[Entry]] = {}
    for entry in movable:
        for cents, fall in falls.get(id(entry), {}).items():
            givers.setdefault((cents, fall), []).append(entry)
    best: tuple[int, Entry, Entry] | None = None
    for sink in movable:
        for cents, rise in rises.get(id(sink), {}).items():  # ascending
            if best is not None and cents >= best[0]:
                break
            source = next((e for e in givers.get((cents, rise - want), ()) if e is not sink), None)
            if source is not None:
                best = (cents, source, sink)
                break
    return None if best is None else (best[1], best[2], best[0])


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
