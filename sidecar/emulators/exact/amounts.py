"""Line pricing, VAT and totals the way Exact derives them.

VAT is computed and rounded per line (half away from zero, to the cent) and the header total is
the sum of rounded lines, which is why Exact's totals can differ by a cent from a shop that
computes VAT on the order total (reference §6.9). Exclusive codes (type ``E``) add VAT on top of
the net amount; inclusive codes (``I``) carve it out of a gross amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import invalid

CENT = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class LineAmounts:
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    net_price: Decimal
    amount: Decimal  # excl. VAT for exclusive codes, incl. VAT for inclusive ones
    vat_amount: Decimal
    vat_percentage: Decimal

    @property
    def amount_excl_vat(self) -> Decimal:
        return self.amount

    @property
    def amount_incl_vat(self) -> Decimal:
        return self.amount + self.vat_amount


def price(
    *,
    quantity: Decimal | None,
    unit_price: Decimal | None,
    net_price: Decimal | None,
    discount: Decimal | None,
    default_price: Decimal | None,
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Resolve (quantity, unit price, discount, net price) from what the client sent.

    ``Discount`` is a fraction (0.1 = 10 %). When all three of UnitPrice, NetPrice and Discount
    are sent they must agree (UNCONFIRMED how Exact resolves a conflict; the emulator refuses).
    """
    qty = ONE if quantity is None else quantity
    if net_price is not None and unit_price is None:
        if discount not in (None, ZERO):
            unit_price = net_price / (ONE - discount) if discount != ONE else net_price
        else:
            unit_price, discount = net_price, ZERO
    if unit_price is None:
        unit_price = default_price if default_price is not None else ZERO
    if discount is None:
        if net_price is not None and unit_price != ZERO:
            discount = ONE - net_price / unit_price
        else:
            discount = ZERO
    if discount < ZERO or discount > ONE:
        raise invalid("Discount must be a fraction between 0 and 1.")
    computed_net = unit_price * (ONE - discount)
    if net_price is None:
        net_price = computed_net
    elif abs(net_price - computed_net) > CENT:
        raise invalid(
            f"NetPrice {net_price} does not match UnitPrice {unit_price} with Discount {discount}."
        )
    return qty, unit_price, discount, net_price


def line_amounts(
    *,
    quantity: Decimal,
    unit_price: Decimal,
    discount: Decimal,
    net_price: Decimal,
    vat_percentage: Decimal,
    vat_inclusive: bool,
    given_amount: Decimal | None = None,
    given_vat: Decimal | None = None,
    vat_tolerance: Decimal | None = CENT,
) -> LineAmounts:
    """Amount and VAT of one line; a client-supplied amount/VAT must match within tolerance.

    ``vat_tolerance`` None accepts any explicit VAT amount (sales entry lines, where Exact
    documents VATAmountFC as an override of the computed amount).
    """
    amount = money(net_price * quantity)
    if given_amount is not None:
        if abs(given_amount - amount) > CENT:
            raise invalid(
                f"AmountFC {given_amount} does not match Quantity {quantity} x NetPrice "
                f"{net_price}."
            )
        amount = given_amount
    if vat_inclusive:
        vat = money(amount * vat_percentage / (ONE + vat_percentage))
        amount_excl = amount - vat
    else:
        vat = money(amount * vat_percentage)
        amount_excl = amount
    if given_vat is not None:
        if vat_tolerance is not None and abs(given_vat - vat) > vat_tolerance:
            raise invalid(
                f"VAT amount {given_vat} differs from the computed {vat} by more than "
                f"{vat_tolerance}."
            )
        vat = given_vat
    return LineAmounts(quantity, unit_price, discount, net_price, amount_excl, vat, vat_percentage)


def total(values: list[Decimal]) -> Decimal:
    return sum(values, ZERO)
