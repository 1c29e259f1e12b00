"""Benchmark: how long choosing the nets of one VAT code takes, by the number of its lines.

``sync.documents.arithmetic.fit`` runs for every VAT code of every document the sidecar builds
(and again for a rebuild after the administration's arithmetic is learnt), inside the order job.
This measures it on random codes of 1 to ``--lines`` lines at 21 % and 5.5 % (prices of 1-90
euro, 1-5 pieces), with the shop's VAT per line Exact's own or a cent off on a random third of
the lines (as a shop that rounds differently reports it), under both arithmetics, and checks that
every fit lands on the shop's VAT. Times are per fit, compared across line counts of one run.
``tidy %`` is the share of fits that moved cents and still left every line's price in whole cents
(a price of 5.0033 on an invoice is what it avoids).

    .venv/bin/python -m bench.vat_fit [--lines 60] [--fits 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from decimal import Decimal

from sidecar.sync.documents.arithmetic import Entry, fit, line_vat, vat_of

PERCENTS = (Decimal(21), Decimal("5.5"))
LIMIT = Decimal("0.50")


def code(rng: random.Random, size: int, percent: Decimal) -> list[Entry]:
    entries = []
    for _ in range(size):
        quantity = rng.randint(1, 5)
        net = Decimal(rng.randint(100, 9000)) / 100 * quantity
        vat = line_vat(net, percent)
        if rng.random() < 1 / 3:
            vat += rng.choice((Decimal("0.01"), Decimal("-0.01")))
        entries.append(Entry(net, vat, "X", percent, quantity=Decimal(quantity)))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=60)
    parser.add_argument("--fits", type=int, default=200, help="fits per line count and mode")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sizes = sorted({1, 2, 5, 10, 30, args.lines})
    print(
        f"{'lines':>5} {'mode':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'missed':>6} "
        f"{'tidy %':>6}"
    )
    for size in sizes:
        for mode in ("line", "document"):
            times, missed, moved, tidy = [], 0, 0, 0
            for _ in range(args.fits):
                entries = code(rng, size, rng.choice(PERCENTS))
                before = [e.amount for e in entries]
                target = sum((e.shop_vat for e in entries), Decimal(0))
                start = time.perf_counter()
                ok = fit(entries, mode, LIMIT)
                times.append((time.perf_counter() - start) * 1000)
                if not ok or vat_of(entries, mode) != target:
                    missed += 1
                elif [e.amount for e in entries] != before:
                    moved += 1
                    tidy += all(e.clean(e.amount) for e in entries)
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print(
                f"{size:>5} {mode:>9} {statistics.median(times):>8.3f} {p99:>8.3f} "
                f"{times[-1]:>8.3f} {missed:>6} {100 * tidy / max(moved, 1):>6.0f}"
            )


if __name__ == "__main__":
    main()
