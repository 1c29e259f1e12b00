"""From an order and the shop's settings to the Exact codes a document needs.

Each resolver either answers or raises a PermanentError whose resolution names the exact setting
to fill ("Settings > VAT: map ..."), because a missing mapping is something only the shop owner
can fix, and the fix re-queues the order. Codes are checked against Exact's reference data here,
before anything is posted, so a typo in the settings never produces half a document.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sidecar.errors import PermanentError
from sidecar.exact.reference import ReferenceData
from sidecar.exact.regions import wall_clock
from sidecar.mapping import places
from sidecar.mapping.settings_model import Settings
from sidecar.shops.records import Line, Order, percent_text

EU = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
# Greece reports as EL in VAT contexts; treat it as GR.
_ALIASES = {"EL": "GR", "UK": "GB"}


def country(code: str) -> str:
    return _ALIASES.get(code.upper(), code.upper())


class MissingMapping(PermanentError):
    """A setting is missing or names something Exact does not have. ``setting`` is its path in
    the settings document; saving that setting re-queues the orders that failed on it."""

    def __init__(self, message: str, resolution: str, setting: str) -> None:
        if not places.known(setting):  # the shop admin could not send the owner to it
            raise ValueError(f"setting {setting!r} is not in sidecar.mapping.places")
        super().__init__(message, resolution)
        self.setting = setting


@dataclass(frozen=True)
class VatChoice:
    code: str
    percent: Decimal


class Resolver:
    def __init__(self, settings: Settings, reference: ReferenceData, shop_name: str) -> None:
        self.settings = settings
        self.ref = reference
        self.shop_name = shop_name

    # -- checks against Exact -----------------------------------------------------------------
    def _exists(self, kind: str, code: str, setting: str, what: str) -> dict[str, Any]:
        row = self.ref.lookup(kind, code)
        if row is None:
            raise MissingMapping(
                f"{what} '{code}' (settings: {setting}) does not exist in Exact Online.",
                f"Choose an existing {what.lower()} under Settings > {setting}.",
                setting,
            )
        problem = unusable(kind, row)
        if problem:
            raise MissingMapping(
                f"{what} '{code}' (settings: {setting}) {problem}.",
                f"Choose another {what.lower()} under Settings > {setting}.",
                setting,
            )
        return row

    def local_date(self, moment: datetime) -> str:
        """A document date as the administration's wall time (``regions.wall_clock``)."""
        return wall_clock(moment, self.ref.region)

    # -- VAT ---------------------------------------------------------------------------------
    def zone(self, order: Order) -> str:
        """domestic | eu | outside_eu, by where the goods go."""
        home = country(self.settings.revenue.home_country)
        dest = country(order.destination_country or home)
        if dest == home:
            return "domestic"
        return "eu" if dest in EU else "outside_eu"

    def vat(self, order: Order, line: Line) -> VatChoice:
        vat = self.settings.vat
        if line.tax_rate_key is None or line.total_tax == 0 and line.tax_percent == 0:
            zone = self.zone(order)
            if zone == "eu" and order.is_b2b:
                setting, code, why = (
                    "vat.reverse_charge",
                    vat.reverse_charge,
                    ("an untaxed intra-EU business sale (reverse charge)"),
                )
            elif zone == "outside_eu":
                setting, code, why = "vat.export", vat.export, "an export outside the EU"
            else:
                setting, code, why = "vat.untaxed", vat.untaxed, "an untaxed sale"
            if not code:
                raise MissingMapping(
                    f"Order {order.number} has {why} and no Exact VAT code is set for it.",
                    f"Set the VAT code for {why} under Settings > VAT ({setting}).",
                    setting,
                )
            row = self._exists("vat_codes", code, setting, "VAT code")
            return VatChoice(code, _percent(row))
        rate = order.rate(line.tax_rate_key)
        rate_country = country(rate.country or order.destination_country or "")
        for mapped in vat.rates:
            if mapped.shop_rate and mapped.shop_rate == rate.key:
                return self._vat_row(order, line, mapped.exact)
        for mapped in vat.rates:
            if (
                not mapped.shop_rate
                and mapped.country == rate_country
                and mapped.percent == rate.percent
            ):
                return self._vat_row(order, line, mapped.exact)
        label = rate.label or rate.code or rate.key
        raise MissingMapping(
            f"Order {order.number}: tax rate '{label}' ({rate_country} "
            f"{percent_text(rate.percent)} %, id {rate.key}) has no Exact VAT code.",
            f"Map tax rate '{label}' to an Exact VAT code under Settings > VAT.",
            "vat.rates",
        )

    def _vat_row(self, order: Order, line: Line, code: str) -> VatChoice:
        row = self._exists("vat_codes", code, "vat.rates", "VAT code")
        percent = _percent(row)
        if percent != line.tax_percent:
            raise MissingMapping(
                f"Order {order.number}: VAT code '{code}' is {percent_text(percent)} % in Exact, "
                f"but the shop charged {percent_text(line.tax_percent)} % on '{line.name}'.",
                "Map this tax rate to an Exact VAT code with the same percentage under "
                "Settings > VAT.",
                "vat.rates",
            )
        return VatChoice(code, percent)

    # -- revenue account -------------------------------------------------------------------------
    def revenue_gl(self, order: Order) -> dict[str, Any]:
        revenue = self.settings.revenue
        dest = country(order.destination_country or revenue.home_country)
        for row in revenue.countries:
            if row.country == dest and row.gl_account:
                return self._exists(
                    "gl_accounts", row.gl_account, "revenue.countries", "G/L account"
                )
        zone = self.zone(order)
        code = getattr(revenue, zone)
        if not code:
            raise MissingMapping(
                f"Order {order.number} goes to {dest} ({zone.replace('_', ' ')}) and no revenue "
                "G/L account is set for that.",
                f"Set the revenue G/L account for {zone.replace('_', ' ')} sales under "
                f"Settings > Revenue (revenue.{zone}).",
                f"revenue.{zone}",
            )
        return self._exists("gl_accounts", code, f"revenue.{zone}", "G/L account")

    # -- payment, shipping, dimensions -----------------------------------------------------------
    def payment_condition(self, order: Order) -> str | None:
        payment = self.settings.payment
        for row in payment.methods:
            if row.shop == order.payment_method:
                self._exists(
                    "payment_conditions", row.exact, "payment.methods", "Payment condition"
                )
                return row.exact
        if payment.default_condition:
            self._exists(
                "payment_conditions",
                payment.default_condition,
                "payment.default_condition",
                "Payment condition",
            )
        return payment.default_condition

    def payment_journal(self, order: Order) -> str | None:
        for row in self.settings.payment.methods:
            if row.shop == order.payment_method:
                return row.journal
        return None

    def shipping_method_id(self, order: Order) -> str | None:
        for row in self.settings.shipping.methods:
            if row.shop in (order.shipping_method, order.shipping_rate_id):
                return self._exists(
                    "shipping_methods", row.exact, "shipping.methods", "Shipping method"
                )["ID"]
        return None

    def dimensions(self, order: Order) -> tuple[str | None, str | None]:
        dims = self.settings.dimensions
        values = {
            "country": country(order.destination_country or ""),
            "payment": order.payment_method,
            "shipping": order.shipping_method,
        }
        center, unit = dims.cost_center, dims.cost_unit
        for rule in dims.rules:
            if values.get(rule.when) == rule.value:
                center = rule.cost_center or center
                unit = rule.cost_unit or unit
        if center:
            self._exists("cost_centers", center, "dimensions", "Cost centre")
        if unit:
            self._exists("cost_units", unit, "dimensions", "Cost unit")
        return center, unit

    # -- free fields -----------------------------------------------------------------------------
    def text(self, template: str, order: Order) -> str:
        values = {
            "shop_name": self.shop_name,
            "number": order.number,
            "id": order.shop_order_id,
            "email": order.customer.email,
            "company": order.customer.company,
            "last_name": order.customer.last_name,
            "date": order.created_at.date().isoformat(),
        }
        return string.Formatter().vformat(template, (), values)

    def free_fields(self, order: Order) -> dict[str, str]:
        fields = self.settings.free_fields
        out = {
            "YourRef": self.text(fields.your_ref, order)[:60],
            "Description": self.text(fields.description, order)[:60],
            "Remarks": self.text(fields.remarks, order)[:255],
        }
        for row in fields.meta:
            value = order.meta.get(row.meta_key) or order.customer.meta.get(row.meta_key)
            if value:
                limit = 255 if row.field == "Remarks" else 60
                out[row.field] = str(value)[:limit]
        return {k: v for k, v in out.items() if v}


def unusable(kind: str, row: dict[str, Any]) -> str | None:
    """Why Exact would refuse this VAT code or G/L account on a sales line, or None.

    Exact refuses a blocked code and a balance-sheet account on sales lines ("Ongeldig:
    Grootboekrekeningtype", the fidelity file's E3); a purchase-only VAT code is not a sales code.
    An inclusive code (``Type`` I) makes Exact read the line's price as including VAT, while the
    sidecar always sends the shop's price excluding VAT: the revenue would be booked too low, so
    it is refused rather than converted (a shop's excl. price and its VAT are exact; an incl.
    price re-split by Exact could differ by a cent)."""
    if row.get("IsBlocked"):
        return "is blocked in Exact"
    if kind == "vat_codes":
        if str(row.get("VATTransactionType") or "").strip() == "P":
            return "is a purchase VAT code; sales need a sales VAT code"
        if str(row.get("Type") or "").strip() == "I":
            return (
                "includes VAT in the price, but the sidecar sends prices excluding VAT; choose "
                "the code that excludes VAT"
            )
    if kind == "gl_accounts" and str(row.get("BalanceType") or "").strip() == "B":
        return "is a balance-sheet account; sales lines need a revenue (profit and loss) account"
    return None


def _percent(row: dict[str, Any]) -> Decimal:
    """Exact's VAT code Percentage is a fraction (0.21); the shop's is a percentage (21)."""
    value = Decimal(str(row.get("Percentage") or 0))
    return (value * 100).normalize() if value <= 1 else value.normalize()
