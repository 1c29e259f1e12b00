"""Platform-neutral orders: the only shape the Exact flows ever see.

The architecture promises that adding a shop platform touches nothing under ``sync/``, ``mapping/``
or ``exact/``. That only holds if the flows never read platform JSON, so every WooCommerce or
Magento quirk (VAT hidden in discounts, prices entered incl. VAT but reported excl., configurable
children without a price...) is resolved by the platform's normaliser into these records.

Conventions every normaliser keeps:

* Money is ``Decimal`` exactly as the shop reported it; nothing is rounded on the way in, so the
  Exact document can equal the shop total to the cent (rule 5).
* Line amounts are excl. VAT, after splitting a line that carries several VAT rates into one line
  per rate; the gross (incl. VAT) figures are derived from them, never stored separately, so the two
  can never disagree.
* Absent text is ``""``; ``None`` is kept for "the shop has no such thing" where the difference
  matters to a flow (no SKU, a guest without customer id, no VAT number, an untaxed line).
* Refund amounts are positive: they say how much went back, the credit-note flow chooses the sign.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from sidecar.errors import PermanentError

ZERO = Decimal("0")
CENT = Decimal("0.01")
UNIT_PRICE_PLACES = Decimal("0.000001")

PRODUCT = "product"
SHIPPING = "shipping"
FEE = "fee"
DISCOUNT = "discount"
LINE_KINDS = frozenset({PRODUCT, SHIPPING, FEE, DISCOUNT})
"""``discount`` is for platforms that report discounts as lines of their own; WooCommerce and
Magento both fold them into the lines they reduce (``Line.discount_excl``)."""


def frozen_map(values: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """A read-only copy, so a frozen record cannot be changed through its meta either."""
    return MappingProxyType(dict(values or {}))


def money_text(amount: Decimal) -> str:
    """Amounts in messages: two decimals unless the shop gave more, so nothing is hidden."""
    return f"{amount:.2f}" if amount == amount.quantize(CENT) else str(amount)


def percent_text(percent: Decimal) -> str:
    """21, 5.5, 0: how a shop owner writes a VAT percentage."""
    return format(percent.normalize(), "f")


def round_cents(amount: Decimal) -> Decimal:
    """Commercial rounding (half up), as both shops and Exact round money."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def unit_price(amount: Decimal, quantity: Decimal) -> Decimal:
    """Amount per unit, at most 6 decimals (WooCommerce's own precision).

    Line amounts stay the truth: ``unit_price * quantity`` may miss them by rounding. A zero
    quantity (an amount refunded without returning goods) gives the whole amount.
    """
    if quantity == 0:
        return amount
    value = amount / quantity
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        value = value.quantize(UNIT_PRICE_PLACES, rounding=ROUND_HALF_UP)
    return value


@dataclass(frozen=True)
class Address:
    first_name: str
    last_name: str
    company: str
    line1: str
    line2: str
    postcode: str
    city: str
    state: str
    country: str
    """ISO 3166-1 alpha-2, upper-case; ``""`` when the shop has none."""
    email: str = ""
    phone: str = ""

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def is_empty(self) -> bool:
        """True for the blank shipping address of a virtual order."""
        return not any(
            (self.first_name, self.last_name, self.company, self.line1, self.postcode, self.city)
        )


@dataclass(frozen=True)
class Customer:
    email: str
    """Lower-cased and stripped: the key for finding an Exact account (rule 6)."""
    first_name: str
    last_name: str
    company: str
    vat_number: str | None
    """Upper-case without spaces or dots, as the shop stored it; not validated here."""
    shop_customer_id: str | None
    """``None`` for guests."""
    is_guest: bool
    phone: str = ""
    meta: Mapping[str, str] = field(default_factory=frozen_map, hash=False)
    """Order and customer meta the settings can point at (a KvK-number key, a VAT-number key)."""

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True)
class TaxRate:
    key: str
    """What the VAT mapping is keyed on: the shop's rate id as text, or ``"CC:percent"``."""
    country: str
    percent: Decimal
    label: str
    applies_to_shipping: bool
    amount: Decimal | None = None
    """The shop's own total for this rate on the order (items, fees and shipping), or ``None``
    when the shop does not report one; the arithmetic check compares the lines with it."""
    code: str = ""
    """The shop's rate code (WooCommerce ``NL-BTW 21%-1``, Magento ``NL-21``)."""


@dataclass(frozen=True)
class Line:
    kind: str
    name: str
    quantity: Decimal
    sku: str | None
    unit_price_excl: Decimal
    """Before discount."""
    subtotal_excl: Decimal
    """Before discount."""
    discount_excl: Decimal
    total_excl: Decimal
    """After discount: what the customer pays for this line, excl. VAT."""
    subtotal_tax: Decimal
    """VAT before discount."""
    total_tax: Decimal
    tax_rate_key: str | None
    """``None`` when the line is untaxed (reverse charge, export, tax-free product)."""
    tax_percent: Decimal
    shop_line_id: str | None = None
    product_id: str | None = None
    variant_id: str | None = None
    """The variation (WooCommerce) or simple child (Magento configurable) that was sold."""
    original_line_id: str | None = None
    """On a refund line: the order line it gives back."""

    def __post_init__(self) -> None:
        if self.kind not in LINE_KINDS:
            raise ValueError(f"unknown line kind {self.kind!r}")

    @property
    def subtotal_incl(self) -> Decimal:
        return self.subtotal_excl + self.subtotal_tax

    @property
    def total_incl(self) -> Decimal:
        return self.total_excl + self.total_tax

    @property
    def discount_tax(self) -> Decimal:
        return self.subtotal_tax - self.total_tax

    @property
    def discount_incl(self) -> Decimal:
        return self.subtotal_incl - self.total_incl

    @property
    def unit_price_incl(self) -> Decimal:
        return unit_price(self.subtotal_incl, self.quantity)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


@dataclass(frozen=True)
class Refund:
    shop_refund_id: str
    amount: Decimal
    """What went back to the customer, incl. VAT, positive."""
    reason: str
    lines: tuple[Line, ...]
    """Products and fees given back (positive quantities and amounts)."""
    shipping: tuple[Line, ...]
    """Shipping given back."""
    created_at: datetime | None
    """``None`` when only the order's refund summary was available."""
    adjustment: Decimal = ZERO
    """Part of ``amount`` no line explains (an amount-only refund, a Magento adjustment fee),
    incl. VAT and without a VAT split; negative when less was refunded than the lines say."""

    @property
    def all_lines(self) -> tuple[Line, ...]:
        return self.lines + self.shipping

    @property
    def total_excl(self) -> Decimal:
        return _sum(line.total_excl for line in self.all_lines)

    @property
    def total_tax(self) -> Decimal:
        return _sum(line.total_tax for line in self.all_lines)

    @property
    def is_amount_only(self) -> bool:
        return not self.all_lines


@dataclass(frozen=True)
class Order:
    platform: str
    shop_order_id: str
    number: str
    """What the customer sees (WooCommerce ``number``, Magento ``increment_id``): ``YourRef``."""
    status: str
    created_at: datetime
    """Aware, UTC."""
    currency: str
    prices_include_tax: bool
    customer: Customer
    billing: Address
    shipping: Address | None
    lines: tuple[Line, ...]
    tax_rates: tuple[TaxRate, ...]
    payment_method: str
    payment_method_title: str
    shipping_method: str
    """The id the shipping mapping is keyed on (WooCommerce method id, Magento carrier code)."""
    shipping_method_title: str
    total: Decimal
    total_tax: Decimal
    discount_total: Decimal
    """Excl. VAT; informational, the discount is already inside the lines."""
    discount_tax: Decimal
    shipping_total: Decimal
    """Excl. VAT, after any shipping discount."""
    shipping_tax: Decimal
    shipping_rate_id: str = ""
    """The shop's specific rate (WooCommerce ``flat_rate:1``, Magento ``tablerate_bestway``)."""
    coupons: tuple[str, ...] = ()
    refunds: tuple[Refund, ...] = ()
    meta: Mapping[str, str] = field(default_factory=frozen_map, hash=False)
    notes: tuple[str, ...] = ()
    """What the normaliser had to decide (a shipping tax taken from the order's tax lines), for
    the activity log."""
    tax_settled: tuple[tuple[str, Decimal], ...] = ()
    """(what, amount) per tax rate whose tax lines ``check_order`` took over the items' taxes:
    the shop's own disagreement, which the flows hold to the settings' rounding tolerance."""
    booked_as: tuple[str, str] | None = None
    """(document type, number) when the shop's own order data says the sidecar already booked it
    in Exact (the pushback's order meta), else None; the order flow then links that document
    instead of posting the order again (a shop registered anew has no links)."""

    def lines_of(self, *kinds: str) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.kind in kinds)

    @property
    def product_lines(self) -> tuple[Line, ...]:
        return self.lines_of(PRODUCT)

    @property
    def shipping_lines(self) -> tuple[Line, ...]:
        return self.lines_of(SHIPPING)

    @property
    def fee_lines(self) -> tuple[Line, ...]:
        return self.lines_of(FEE)

    @property
    def total_excl(self) -> Decimal:
        return _sum(line.total_excl for line in self.lines)

    @property
    def lines_tax(self) -> Decimal:
        return _sum(line.total_tax for line in self.lines)

    @property
    def total_incl(self) -> Decimal:
        """The lines' gross total; equals ``total`` once the order passed its check."""
        return self.total_excl + self.lines_tax

    def tax_by_rate(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for line in self.lines:
            if line.tax_rate_key is not None:
                out[line.tax_rate_key] = out.get(line.tax_rate_key, ZERO) + line.total_tax
        return out

    def rate(self, key: str) -> TaxRate:
        for rate in self.tax_rates:
            if rate.key == key:
                return rate
        raise KeyError(key)

    @property
    def destination_country(self) -> str:
        """Where the goods go (the shipping address), else the billing country: OSS and export
        decisions follow it."""
        if self.shipping is not None and self.shipping.country:
            return self.shipping.country
        return self.billing.country

    @property
    def is_b2b(self) -> bool:
        return bool(self.customer.company and self.customer.vat_number)

    @property
    def is_untaxed(self) -> bool:
        """No VAT at all: reverse charge, export, or a tax-free basket."""
        return self.total_tax == 0 and all(line.total_tax == 0 for line in self.lines)

    @property
    def refunded_total(self) -> Decimal:
        return _sum(refund.amount for refund in self.refunds)


def difference_text(name: str, expected: Decimal, found: Decimal) -> str:
    return (
        f"{name}: expected {money_text(expected)}, found {money_text(found)} "
        f"(difference {money_text(found - expected)})"
    )


# The most a shop's own figures may disagree and still be booked: the highest rounding tolerance
# the settings allow. The flow then books with the shop's settings' tolerance (and refuses with
# the figures above it); beyond this the order is not rounding but broken.
TOLERATED = Decimal("1.00")


def check_order(order: Order, resolution: str) -> Order:
    """Refuse an order whose lines do not reproduce the shop's own figures; return it with the
    small disagreements of a shop that rounds tax at subtotal level settled and noted.

    The flows post lines and compare Exact's answer with the shop's total, so lines that miss it
    would make the Exact document differ from what the customer paid (rule 5). "Expected" is the
    shop's figure, "found" what the lines add up to. A shop that rounds tax at subtotal level
    (WooCommerce's ``woocommerce_tax_round_at_subtotal``) reports item taxes, tax lines, total
    tax and total that disagree by a few cents: VAT per rate is then what the order's tax lines
    say (taken onto the rate's largest line), the total is what the customer paid, and the flow
    books the rest as a rounding line within the settings' tolerance.
    """
    label = f"{order.platform} order {order.number}"
    rates = {rate.key: rate for rate in order.tax_rates}
    unknown = sorted({line.tax_rate_key for line in order.lines} - set(rates) - {None})
    if unknown:
        raise PermanentError(
            f"{label}: lines are taxed at rate(s) {', '.join(unknown)} that the order's tax "
            "lines do not list.",
            resolution,
        )
    problems: list[str] = []
    notes: list[str] = []
    settled_tax: list[tuple[str, Decimal]] = []
    lines = list(order.lines)
    found_by_rate = order.tax_by_rate()
    for rate in order.tax_rates:
        found = found_by_rate.get(rate.key, ZERO)
        if rate.amount is None or found == rate.amount:
            continue
        name = f"tax at rate {rate.key} ({rate.label or rate.code} {percent_text(rate.percent)}%)"
        taxed = [i for i, line in enumerate(lines) if line.tax_rate_key == rate.key]
        if abs(rate.amount - found) > TOLERATED or not taxed:
            problems.append(difference_text(name, rate.amount, found))
            continue
        # onto the rate's largest item: shipping tax has its own total the order states
        items = [i for i in taxed if lines[i].kind != SHIPPING] or taxed
        largest = max(items, key=lambda i: abs(lines[i].total_excl))
        shift = rate.amount - found
        settled_tax.append((name, shift))
        lines[largest] = replace(
            lines[largest],
            total_tax=lines[largest].total_tax + shift,
            subtotal_tax=lines[largest].subtotal_tax + shift,
        )
        notes.append(
            f"{name} taken from the order's tax lines ({money_text(rate.amount)}) instead of "
            f"the items' taxes ({money_text(found)})"
        )
    settled = replace(order, lines=tuple(lines))
    shipping = settled.shipping_lines
    for name, expected, found, strict in (
        ("total", settled.total, settled.total_incl, False),
        ("total tax", settled.total_tax, settled.lines_tax, False),
        ("shipping", settled.shipping_total, _sum(line.total_excl for line in shipping), True),
        ("shipping tax", settled.shipping_tax, _sum(line.total_tax for line in shipping), True),
    ):
        if expected == found:
            continue
        if strict or abs(found - expected) > TOLERATED:
            problems.append(difference_text(name, expected, found))
        else:
            notes.append(
                f"the shop's {difference_text(name, expected, found)}, as when tax is rounded "
                "at subtotal level"
            )
    if problems:
        raise PermanentError(f"{label} does not add up: " + "; ".join(problems) + ".", resolution)
    if not notes:
        return order
    return replace(settled, notes=settled.notes + tuple(notes), tax_settled=tuple(settled_tax))


# Reading shop payloads ------------------------------------------------------------------------
# Both normalisers read JSON the sidecar does not control (plugin deliveries, REST answers). A
# missing or non-numeric amount has to fail the order with the field named, never as a KeyError
# or TypeError deep in a flow, so every read goes through ``Source``.

_MISSING = object()


def parse_decimal(value: object) -> Decimal | None:
    """JSON numbers and numeric strings as exact Decimals (``Decimal(str(x))``), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    elif isinstance(value, str) and value.strip():
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            return None
    else:
        return None
    return number if number.is_finite() else None


class Source:
    """One object of a shop payload; every read names the field's path when it fails."""

    def __init__(self, data: object, path: str, origin: str, resolution: str) -> None:
        self.origin = origin
        self.resolution = resolution
        self.path = path
        if not isinstance(data, Mapping):
            where = f"field {path}" if path else "the payload"
            raise self._error(f"{where} is not a JSON object")
        self.data: Mapping[str, object] = data

    def _error(self, problem: str) -> PermanentError:
        return PermanentError(f"{self.origin}: {problem}.", self.resolution)

    def where(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> PermanentError:
        return self._error(f"field {self.where(key)} {problem}")

    def raw(self, key: str) -> object:
        return self.data.get(key)

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "")

    def obj(self, key: str) -> Source:
        if self.data.get(key) is None:
            raise self.fail(key, "is missing")
        return Source(self.data[key], self.where(key), self.origin, self.resolution)

    def opt_obj(self, key: str) -> Source | None:
        return self.obj(key) if self.data.get(key) is not None else None

    def objs(self, key: str, *, required: bool = True) -> list[Source]:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                raise self.fail(key, "is missing")
            return []
        if not isinstance(value, list):
            raise self.fail(key, "is not a list")
        where = self.where(key)
        return [
            Source(item, f"{where}[{index}]", self.origin, self.resolution)
            for index, item in enumerate(value)
        ]

    def money(self, key: str, default: Decimal | None = None) -> Decimal:
        """An amount; ``default`` (when given) stands in for a missing, null or empty value."""
        value = self.data.get(key)
        if value is None or value == "":
            if default is not None:
                return default
            raise self.fail(key, "is missing" if value is None else "is empty")
        number = parse_decimal(value)
        if number is None:
            raise self.fail(key, f"is not a number: {value!r}")
        return number

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise self.fail(key, f"is not text: {value!r}")
        return str(value).strip()

    def ident(self, key: str) -> str:
        """A required id (JSON number or string) as text."""
        found = self.opt_ident(key)
        if found is None:
            raise self.fail(key, "is missing")
        return found

    def opt_ident(self, key: str) -> str | None:
        """An optional id; ``0`` and ``""`` (WooCommerce's "none") give ``None``."""
        value = self.data.get(key)
        if value is None or value == "" or value == 0:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(key, f"is not an id: {value!r}")
        return str(value).strip()

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if value in (0, 1, "0", "1"):
            return value in (1, "1")
        raise self.fail(key, f"is not true or false: {value!r}")

    def timestamp(self, key: str) -> datetime:
        """A date-time; without a zone it is UTC (WooCommerce ``*_gmt``, Magento ``created_at``)."""
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "is missing" if value in (None, "") else "is not a date-time")
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise self.fail(key, f"is not a date-time: {value!r}") from None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def country_code(source: Source, key: str) -> str:
    """ISO-2 upper-case, or ``""``; anything else would post a wrong country, so it fails."""
    value = source.text(key).upper()
    if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise source.fail(key, f"is not a two-letter country code: {value!r}")
    return value


def scalar_meta(pairs: Iterable[tuple[object, object]]) -> dict[str, str]:
    """Meta entries whose value is a plain value, as text; structured values are skipped."""
    out: dict[str, str] = {}
    for key, value in pairs:
        if not isinstance(key, str) or not key:
            continue
        if isinstance(value, bool):
            out[key] = "yes" if value else "no"
        elif isinstance(value, str | int | float | Decimal):
            out[key] = str(value)
    return out
