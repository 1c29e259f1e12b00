"""A complete mapping proposed from the shop's lists and Exact's, for the owner to review and save.

After connecting Exact, a shop owner faces a dozen settings that name Exact records (VAT codes
per tax rate, revenue accounts, a sales journal, payment conditions, the shipping item). The
proposal fills every one it can from what both sides already say, each with the reason it was
chosen, and lists what it could not fill with what to do in Exact. Nothing is saved: the plugin
shows the proposal in its form and the owner saves it (``PUT /api/v1/shop/settings``), so no
mapping is ever silently assumed. Settings the owner already chose are kept, not proposed over.

The rules are deliberately plain, so the reasons read as a bookkeeper would check them:

* a shop tax rate of the home country (or of every country) -> the sales VAT code of the same
  percentage, excluding VAT (Exact type ``E``), that names no other country; a rate of another EU
  country -> the code of that percentage whose description or code names the country (the OSS
  codes an administration creates, "OSS Belgie 21%"); none found is said, never guessed;
* untaxed, reverse charge and export -> the 0 % codes whose description says so;
* revenue accounts -> revenue G/L accounts (Exact type 110) whose description says domestic,
  intra-community or export, else the first revenue account (said);
* the sales journal -> a sales journal (type 20), one named for the webshop first;
* payment methods paid at checkout -> the condition of 0 days, paid later (bank transfer,
  cheque, cash on delivery, purchase order) -> the shortest condition of more than 0 days;
* shipping methods -> the Exact shipping method whose description shares a word with the
  method's title (PostNL, DHL; local pickup -> "Afhalen");
* items for shipping, rounding, discounts, refunds without lines and lines without SKU -> an
  Exact item with one of the usual codes (SHIPPING, VERZENDKOSTEN, AFRONDING, ...).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sidecar.exact.reference import trimmed

EU = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
# Names a VAT code's description may give a country by (Dutch, English, the country's own).
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AT": ("oostenrijk", "austria", "osterreich", "österreich"),
    "BE": ("belgie", "belgië", "belgium", "belgique"),
    "DE": ("duitsland", "germany", "deutschland"),
    "DK": ("denemarken", "denmark", "danmark"),
    "ES": ("spanje", "spain", "espana", "españa"),
    "FI": ("finland", "suomi"),
    "FR": ("frankrijk", "france"),
    "IE": ("ierland", "ireland"),
    "IT": ("italie", "italië", "italy", "italia"),
    "LU": ("luxemburg", "luxembourg"),
    "NL": ("nederland", "netherlands", "holland"),
    "PL": ("polen", "poland", "polska"),
    "PT": ("portugal",),
    "SE": ("zweden", "sweden", "sverige"),
}
# What a first order may need, whatever the document type (the rest is optional, or needed only by
# some orders and document types). The rounding item is needed as soon as Exact's VAT arithmetic
# and the shop's part by a cent, which a shop that rounds differently meets within days.
REQUIRED = frozenset(
    {
        "vat.rates",
        "vat.untaxed",
        "revenue.domestic",
        "document.journal",
        "shipping.item",
        "rounding.item",
    }
)
PAID_LATER = ("bacs", "cheque", "cod", "banktransfer", "checkmo", "purchaseorder", "invoice")
ITEM_CANDIDATES: dict[str, tuple[str, ...]] = {
    "shipping.item": ("SHIPPING", "VERZENDKOSTEN", "VERZEND", "SHIP", "VERZENDING"),
    "rounding.item": ("AFRONDING", "ROUNDING", "AFR"),
    "discounts.item": ("KORTING", "DISCOUNT"),
    "refunds.amount_item": ("RETOUR", "TERUGBETALING", "REFUND", "CREDIT"),
    # lines without SKU are mostly fees: packaging, surcharges
    "items.no_sku_item": ("DIVERSEN", "VERPAKKING", "TOESLAG", "FEE", "MISC", "OVERIG"),
}


@dataclass(frozen=True)
class ShopRate:
    id: str
    country: str  # "" when the rate applies to every country
    percent: Decimal
    name: str = ""


@dataclass(frozen=True)
class ShopMethod:
    id: str
    title: str = ""


@dataclass
class Proposal:
    settings: dict[str, Any]
    proposed: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)

    def propose(self, setting: str, value: Any, why: str, shop: str | None = None) -> None:
        entry = {"setting": setting, "value": value, "why": why}
        if shop is not None:
            entry["shop"] = shop
        self.proposed.append(entry)

    def lack(self, setting: str, why: str, shop: str | None = None) -> None:
        entry: dict[str, Any] = {"setting": setting, "why": why, "required": setting in REQUIRED}
        if shop is not None:
            entry["shop"] = shop
        self.missing.append(entry)

    def as_dict(self) -> dict[str, Any]:
        return {"settings": self.settings, "proposed": self.proposed, "missing": self.missing}


def _words(text: Any) -> str:
    return str(text or "").lower()


def _percent(record: Mapping[str, Any]) -> Decimal:
    return (Decimal(str(record.get("Percentage") or 0)) * 100).normalize()


def _usable(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [trimmed(dict(r)) for r in records if not r.get("IsBlocked") and r.get("Code")]


def _label(record: Mapping[str, Any]) -> str:
    return f"{record['Code']} '{record.get('Description') or ''}'"


def _first(records: list[dict[str, Any]], *tests: Callable[[dict[str, Any]], bool]) -> Any:
    """The first record passing the first test any record passes (tests in order of preference)."""
    for test in tests:
        found = [r for r in records if test(r)]
        if found:
            return sorted(found, key=lambda r: (len(str(r["Code"])), str(r["Code"])))[0]
    return None


def _names_country(record: Mapping[str, Any], country: str) -> bool:
    text = _words(record.get("Description"))
    code = str(record.get("Code") or "").upper()
    # by name only: a two-letter word is no proof ("buiten de EU" is Dutch, not Germany)
    named = any(name in text for name in COUNTRY_NAMES.get(country, ()))
    return named or bool(re.fullmatch(rf"O{country}\d*", code))


def _says(*words: str) -> Callable[[dict[str, Any]], bool]:
    """A test: the record's description contains one of ``words``."""

    def test(record: dict[str, Any]) -> bool:
        return any(word in _words(record.get("Description")) for word in words)

    return test


def _names(country: str) -> Callable[[dict[str, Any]], bool]:
    def test(record: dict[str, Any]) -> bool:
        return _names_country(record, country)

    return test


def _shares_word(words: set[str]) -> Callable[[dict[str, Any]], bool]:
    def test(record: dict[str, Any]) -> bool:
        return bool(words & set(re.findall(r"[a-z0-9]{3,}", _words(record.get("Description")))))

    return test


def _pickup(wanted: bool) -> Callable[[dict[str, Any]], bool]:
    def test(record: dict[str, Any]) -> bool:
        text = _words(record.get("Description")) + " " + _words(record.get("Code"))
        return wanted and ("afhal" in text or "pickup" in text)

    return test


def _names_any_other_country(record: Mapping[str, Any], home: str) -> bool:
    return any(_names_country(record, c) for c in COUNTRY_NAMES if c != home) or "oss" in _words(
        record.get("Description")
    )


# -- the proposal ---------------------------------------------------------------------------


def propose(
    current: Mapping[str, Any],
    exact: Mapping[str, list[dict[str, Any]]],
    items: Mapping[str, dict[str, Any]],
    rates: Iterable[ShopRate],
    payments: Iterable[ShopMethod],
    shippings: Iterable[ShopMethod],
    home_country: str | None = None,
) -> Proposal:
    """The settings document ``current`` with every empty mapping filled where a rule finds
    one (see the module), and what was chosen and what is still missing, with reasons.

    ``exact`` is the options lists (``connect.options``), ``items`` the Exact items found among
    the usual codes (``ITEM_CANDIDATES``), keyed by code."""
    settings = copy.deepcopy(dict(current))
    home = (home_country or settings.get("revenue", {}).get("home_country") or "NL").upper()
    proposal = Proposal(settings)
    vat_codes = [
        r
        for r in _usable(exact.get("vat_codes", []))
        if r.get("VATTransactionType") in ("S", "B", None)
    ]
    _vat(proposal, vat_codes, list(rates), home)
    _revenue(proposal, _usable(exact.get("gl_accounts", [])), home)
    _journal(proposal, _usable(exact.get("journals", [])))
    _payments(proposal, _usable(exact.get("payment_conditions", [])), list(payments))
    _shipping(proposal, _usable(exact.get("shipping_methods", [])), list(shippings))
    _items(proposal, items)
    return proposal


def _section(proposal: Proposal, name: str) -> dict[str, Any]:
    section = proposal.settings.get(name)
    if not isinstance(section, dict):
        section = proposal.settings[name] = {}
    return section


def _fill(
    proposal: Proposal, path: str, record: dict[str, Any] | None, why: str, lack: str
) -> None:
    """Set ``path`` to the record's code unless the owner set it already."""
    name, key = path.split(".")
    section = _section(proposal, name)
    if section.get(key):
        return
    if record is None:
        proposal.lack(path, lack)
        return
    section[key] = record["Code"]
    proposal.propose(path, record["Code"], f"{why}: {_label(record)}")


def _vat(proposal: Proposal, codes: list[dict[str, Any]], rates: list[ShopRate], home: str) -> None:
    zero = [c for c in codes if _percent(c) == 0]
    said = _says
    _fill(
        proposal,
        "vat.untaxed",
        _first(
            zero,
            lambda c: (
                not said("verlegd", "intracom", "icp", "export", "buiten", "reverse")(c)
                and c.get("Type") == "E"
            ),
            lambda c: not said("verlegd", "intracom", "icp", "export", "buiten", "reverse")(c),
        ),
        "the 0 % VAT code that is neither reverse charge nor export",
        "No 0 % VAT code in Exact: create one (for untaxed lines and the rounding line).",
    )
    _fill(
        proposal,
        "vat.reverse_charge",
        _first(zero, said("verlegd", "intracom", "icp", "reverse")),
        "the 0 % VAT code for intra-community supplies (reverse charge)",
        "No VAT code for EU business customers (reverse charge, 'verlegd') in Exact.",
    )
    _fill(
        proposal,
        "vat.export",
        _first(zero, said("export", "buiten de eu", "outside")),
        "the 0 % VAT code for exports outside the EU",
        "No export VAT code (0 %, outside the EU) in Exact.",
    )
    vat = _section(proposal, "vat")
    rows = vat.setdefault("rates", [])
    mapped = {str(r.get("shop_rate")) for r in rows if isinstance(r, dict) and r.get("shop_rate")}
    for rate in rates:
        if rate.id in mapped or rate.percent == 0:
            continue
        country = rate.country.upper()
        what = (
            f"{rate.name or rate.id} ({country or 'every country'} {rate.percent.normalize():f} %)"
        )
        same = [c for c in codes if _percent(c) == rate.percent and c.get("Type") in ("E", "B")]
        if not country or country == home:
            found = _first(same, lambda c: not _names_any_other_country(c, home))
            why = f"{what}: the sales VAT code of {rate.percent.normalize():f} % excl. VAT"
        elif country in EU:
            found = _first(same, _names(country))
            why = f"{what}: the {country} (OSS) VAT code of {rate.percent.normalize():f} %"
        else:
            found = None
        if found is None:
            hint = (
                f"create an OSS VAT code of {rate.percent.normalize():f} % for {country} in Exact"
                if country and country != home and country in EU
                else f"create a sales VAT code of {rate.percent.normalize():f} % in Exact"
            )
            proposal.lack("vat.rates", f"{what}: no VAT code found; {hint}.", rate.id)
            continue
        rows.append(
            {"shop_rate": rate.id, "country": None, "percent": None, "exact": found["Code"]}
        )
        proposal.propose("vat.rates", found["Code"], f"{why}: {_label(found)}", rate.id)


def _revenue(proposal: Proposal, accounts: list[dict[str, Any]], home: str) -> None:
    revenue = [a for a in accounts if a.get("Type") == 110]
    said = _says
    special = _says("export", "intracom", "icp", "oss", "verzend", "dienst")

    def plain(account: dict[str, Any]) -> bool:
        return not special(account)

    section = _section(proposal, "revenue")
    section.setdefault("home_country", home)
    first = _first(revenue, said("hoog", "binnenland", "domestic"), plain)
    _fill(
        proposal,
        "revenue.domestic",
        first,
        "the revenue account for sales at home",
        "No revenue G/L account (type 110) in Exact.",
    )
    _fill(
        proposal,
        "revenue.eu",
        _first(revenue, said("intracom", "icp", " eu", "oss")) or first,
        "the revenue account for sales to other EU countries",
        "No revenue G/L account for EU sales in Exact.",
    )
    _fill(
        proposal,
        "revenue.outside_eu",
        _first(revenue, said("export", "buiten")) or first,
        "the revenue account for sales outside the EU",
        "No revenue G/L account for exports in Exact.",
    )


def _journal(proposal: Proposal, journals: list[dict[str, Any]]) -> None:
    sales = [j for j in journals if j.get("Type") == 20]
    _fill(
        proposal,
        "document.journal",
        _first(sales, lambda j: "webshop" in _words(j.get("Description")), lambda j: True),
        "the sales journal",
        "No sales journal (type 20) in Exact.",
    )


def _payments(
    proposal: Proposal, conditions: list[dict[str, Any]], methods: list[ShopMethod]
) -> None:
    def days(c: dict[str, Any]) -> int:
        return int(c.get("PaymentDays") or 0)

    direct = _first(
        conditions,
        lambda c: days(c) == 0 and "direct" in _words(c.get("Description")),
        lambda c: days(c) == 0,
    )
    later = sorted((c for c in conditions if days(c) > 0), key=days)
    _fill(
        proposal,
        "payment.default_condition",
        direct,
        "the payment condition of 0 days (paid at checkout)",
        "No payment condition of 0 days in Exact.",
    )
    section = _section(proposal, "payment")
    rows = section.setdefault("methods", [])
    mapped = {str(r.get("shop")) for r in rows if isinstance(r, dict)}
    for method in methods:
        if method.id in mapped:
            continue
        paid_later = any(word in method.id.lower() for word in PAID_LATER)
        found = later[0] if paid_later and later else direct
        if found is None:
            proposal.lack("payment.methods", "No payment condition in Exact.", method.id)
            continue
        rows.append({"shop": method.id, "exact": found["Code"], "journal": None})
        when = "paid later" if paid_later else "paid at checkout"
        proposal.propose(
            "payment.methods",
            found["Code"],
            f"{method.title or method.id} ({when}): {_label(found)}",
            method.id,
        )


def _shipping(proposal: Proposal, methods: list[dict[str, Any]], shop: list[ShopMethod]) -> None:
    active = [m for m in methods if m.get("Active", True) is not False]
    section = _section(proposal, "shipping")
    rows = section.setdefault("methods", [])
    mapped = {str(r.get("shop")) for r in rows if isinstance(r, dict)}
    for method in shop:
        if method.id in mapped:
            continue
        words = set(re.findall(r"[a-z0-9]{3,}", _words(f"{method.title} {method.id}")))
        pickup = "pickup" in method.id.lower() or "afhal" in _words(method.title)
        found = _first(active, _shares_word(words), _pickup(pickup))
        if found is None:
            proposal.lack(
                "shipping.methods",
                f"{method.title or method.id}: no Exact shipping method with a matching name "
                "(optional: orders post without one)",
                method.id,
            )
            continue
        rows.append({"shop": method.id, "exact": found["Code"]})
        proposal.propose(
            "shipping.methods",
            found["Code"],
            f"{method.title or method.id}: {_label(found)}",
            method.id,
        )


def _items(proposal: Proposal, items: Mapping[str, dict[str, Any]]) -> None:
    known = {code.upper(): row for code, row in items.items()}
    for path, candidates in ITEM_CANDIDATES.items():
        found = next((known[c] for c in candidates if c in known), None)
        record = (
            {"Code": found.get("Code", "").strip(), "Description": found.get("Description")}
            if found
            else None
        )
        _fill(
            proposal,
            path,
            record,
            "the item with the usual code",
            f"No item with a usual code ({', '.join(candidates[:3])}) in Exact: create one, or "
            "choose an item.",
        )


def candidate_codes() -> list[str]:
    """Every item code the proposal looks for (one batched lookup)."""
    return sorted({code for codes in ITEM_CANDIDATES.values() for code in codes})
