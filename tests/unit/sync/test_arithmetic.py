"""Nets chosen so Exact's own VAT arithmetic gives the shop's VAT per code.

Expected VAT comes from the shop's figures and from Exact's rule written out here (amount x
percentage, half away from zero), never from the module under test."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sidecar.sync.documents.arithmetic import Entry, fit, learn

D = Decimal
LIMIT = D("0.05")


def _exact(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / 100).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def _order_34() -> list[Entry]:
    """WooCommerce order 34 (prices incl. VAT, tax rounded at subtotal level): three items and
    shipping at 21 %, the shop's taxes 0.47 + 1.45 + 3.90 + 0.95 = 6.77."""
    return [
        Entry(D("2.21"), D("0.47"), "21", D(21), quantity=D(3)),
        Entry(D("6.93"), D("1.45"), "21", D(21), quantity=D(7)),
        Entry(D("18.55"), D("3.90"), "21", D(21)),
        Entry(D("4.50"), D("0.95"), "21", D(21)),
    ]


def test_line_mode_moves_cents_between_lines_and_keeps_the_net():
    entries = [
        Entry(D("18.00"), D("3.78"), "21", D(21), quantity=D(2)),
        Entry(D("4.50"), D("0.94"), "21", D(21)),  # the shop rounded 0.945 down
    ]
    assert sum(_exact(e.amount, e.percent) for e in entries) == D("4.73")
    assert fit(entries, "line", LIMIT)
    assert sum(_exact(e.amount, e.percent) for e in entries) == D("4.72")
    assert sum(e.amount for e in entries) == D("22.50")
    # the mugs' price stays in whole cents: two cents, not one, moved onto two mugs
    assert entries[0].amount / 2 % D("0.01") == 0


def test_document_mode_shifts_the_codes_net_by_the_fewest_cents():
    entries = _order_34()
    net = sum(e.amount for e in entries)
    assert _exact(net, D(21)) == D("6.76")  # 32.19 x 21 % = 6.7599: one cent short
    assert fit(entries, "document", LIMIT)
    shifted = sum(e.amount for e in entries)
    assert _exact(shifted, D(21)) == D("6.77")
    assert 0 < shifted - net <= D("0.05")  # 1 cent of VAT is at most 1 / 0.21 cents of net


def test_a_code_already_right_is_left_alone():
    entries = _order_34()
    before = [e.amount for e in entries]
    assert fit(entries, "line", LIMIT)  # per line: 0.46 + 1.46 + 3.90 + 0.95 = 6.77 already
    assert [e.amount for e in entries] == before


def test_an_impossible_fit_leaves_the_amounts_as_they_were():
    entries = [Entry(D("10.00"), D("5.00"), "21", D(21))]  # 5.00 is no rounding of 2.10
    assert not fit(entries, "line", LIMIT)  # a wrong VAT code, not rounding: nets stay
    assert entries[0].amount == D("10.00")
    untaxed = [Entry(D("10.00"), D("2.10"), "0", D(0))]  # VAT charged on a 0 % code
    assert not fit(untaxed, "line", LIMIT) and untaxed[0].amount == D("10.00")
    assert fit([Entry(D("10.00"), D("0"), "0", D(0))], "line", LIMIT)
    fixed = [Entry(D("4.50"), D("0.94"), "21", D(21), movable=False)]
    assert not fit(fixed, "line", LIMIT) and fixed[0].amount == D("4.50")


def test_negative_amounts_of_credit_notes():
    entries = [
        Entry(D("-20.62"), D("-4.33"), "21", D(21)),
        Entry(D("-4.50"), D("-0.94"), "21", D(21)),
    ]
    assert fit(entries, "line", LIMIT)
    assert sum(_exact(e.amount, e.percent) for e in entries) == D("-5.27")
    assert sum(e.amount for e in entries) == D("-25.12")


def test_learning_needs_an_answer_only_one_arithmetic_explains():
    assert learn({"line": D("38.96"), "document": D("38.95")}, D("38.95")) == "document"
    assert learn({"line": D("38.96"), "document": D("38.96")}, D("38.96")) is None
    assert learn({"line": D("38.96"), "document": D("38.95")}, D("39.00")) is None


def test_a_code_on_one_line_shifts_its_net_in_line_mode_too():
    """Shipping alone at 19 %: 9.50 x 19 % = 1.805, which the shop rounded down to 1.80 and
    Exact rounds to 1.81. No other line to move cents with: the line's net shifts."""
    entries = [Entry(D("9.50"), D("1.80"), "ODE", D(19))]
    assert fit(entries, "line", LIMIT)
    assert _exact(entries[0].amount, D(19)) == D("1.80")
    assert D("9.47") <= entries[0].amount < D("9.50")  # the fewest cents (9.47 x 19 % = 1.7993)


def _thirty_lines() -> list[Entry]:
    """Thirty lines at 21 % whose nets each end on x.x5 of VAT: the shop rounded every one of
    them down (half to even, as some shops do), so Exact's per-line sum is 15 cents higher."""
    entries = []
    for i in range(30):
        net = D("4.50") + D(i) * D("1.00") if i % 2 else D("4.50") + D(i) * D("10.00")
        entries.append(Entry(net, _exact(net, D(21)), "21", D(21)))
    return entries


def test_many_cents_across_many_lines_without_a_cap():
    entries = _thirty_lines()
    for e in entries[:15]:
        e.shop_vat -= D("0.01")  # 15 cents of VAT to give back across the lines
    net = sum(e.amount for e in entries)
    target = sum(e.shop_vat for e in entries)
    assert fit(entries, "line", D("0.20"))
    assert sum(_exact(e.amount, e.percent) for e in entries) == target
    assert sum(e.amount for e in entries) == net  # moves only, no net into a rounding line
    assert all(e.amount > 0 for e in entries)


def test_document_mode_on_thirty_lines_moves_one_line_only():
    entries = _thirty_lines()
    before = [e.amount for e in entries]
    target = sum(e.shop_vat for e in entries)
    assert fit(entries, "document", D("0.20"))
    assert _exact(sum(e.amount for e in entries), D(21)) == target
    assert sum(1 for e, b in zip(entries, before, strict=True) if e.amount != b) <= 1


def test_no_line_crosses_zero():
    """Lines of a cent or two next to a large one, on an order and on its credit note: every
    fit lands on the shop's VAT and leaves each line on its own side of zero."""
    for sign in (1, -1):
        for shop in (D("0.94"), D("0.96")):
            entries = [
                Entry(sign * D("0.01"), D("0.00"), "21", D(21)),
                Entry(sign * D("0.02"), D("0.00"), "21", D(21)),
                Entry(sign * D("4.52"), sign * shop, "21", D(21)),  # Exact: 0.9492 -> 0.95
            ]
            assert fit(entries, "line", LIMIT)
            assert sum(_exact(e.amount, e.percent) for e in entries) == sign * shop
            assert all(e.amount * sign > 0 for e in entries)


def test_a_subtotal_rounded_code_of_many_lines_moves_cents_beyond_the_tolerance():
    """Ten lines of 1.02 at 21 %: Exact says 0.21 each (2.10); the shop rounded the subtotal
    to 2.14. Four cents of difference, more than the tolerance of 0.02 but half a cent a line at
    most: rounding, which moves between lines settle without changing the code's net."""
    entries = [Entry(D("1.02"), D("0.214"), "21", D(21)) for _ in range(10)]
    for e in entries:
        e.shop_vat = D("0.214")
    assert fit(entries, "line", D("0.02"))
    assert sum(_exact(e.amount, e.percent) for e in entries) == D("2.14")
    assert sum(e.amount for e in entries) == D("10.20")


def test_a_free_line_is_never_moved():
    entries = [
        Entry(D("0.00"), D("0.00"), "21", D(21)),
        Entry(D("1.02"), D("0.22"), "21", D(21)),
        Entry(D("1.02"), D("0.21"), "21", D(21)),
    ]
    assert fit(entries, "line", LIMIT)
    assert entries[0].amount == D("0.00")
    assert sum(_exact(e.amount, e.percent) for e in entries) == D("0.43")


def test_prices_stay_in_whole_cents_when_that_needs_more_than_one_vat_edge():
    # 3 x 5.00 and 4 x 3.11 at 21 %: the shop's VAT is a cent above Exact's. A move that keeps
    # both prices in whole cents is a multiple of 12 cents, which crosses more than one VAT edge
    # of each line; a one-cent move would leave a price of 5.0033
    entries = [
        Entry(D("15.00"), D("3.16"), "21", D(21), quantity=D(3)),
        Entry(D("12.44"), D("2.61"), "21", D(21), quantity=D(4)),
    ]
    assert sum(_exact(e.amount, e.percent) for e in entries) == D("5.76")
    assert fit(entries, "line", LIMIT)
    assert sum(_exact(e.amount, e.percent) for e in entries) == D("5.77")
    assert sum(e.amount for e in entries) == D("27.44")
    for entry in entries:
        assert entry.amount / entry.quantity % D("0.01") == 0, entry.amount
