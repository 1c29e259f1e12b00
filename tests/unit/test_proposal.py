"""The proposed mapping, from the emulated administration's own records (its seed) and the shop
lists a WooCommerce shop sends. Expected codes are read off the seed's records by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from sidecar.mapping.proposal import ShopMethod, ShopRate, candidate_codes, propose
from sidecar.shops.settings import validate_settings

SEED = Path(__file__).parents[2] / "sidecar" / "emulators" / "exact" / "seeds" / "default.json"
LISTS = {
    "vat_codes": "vat/VATCodes",
    "gl_accounts": "financial/GLAccounts",
    "journals": "financial/Journals",
    "payment_conditions": "cashflow/PaymentConditions",
    "shipping_methods": "sales/ShippingMethods",
}
D = Decimal


def _exact() -> tuple[dict, dict]:
    records = json.loads(SEED.read_text())["divisions"][0]["records"]
    lists = {name: records[endpoint] for name, endpoint in LISTS.items()}
    wanted = set(candidate_codes())
    items = {r["Code"]: r for r in records["logistics/Items"] if r["Code"] in wanted}
    return lists, items


RATES = [
    ShopRate("1", "NL", D(21), "BTW 21%"),
    ShopRate("2", "NL", D(9), "BTW 9%"),
    ShopRate("3", "BE", D(21), "BTW 21%"),
    ShopRate("4", "BE", D(6), "BTW 6%"),
    ShopRate("5", "DE", D(19), "MwSt 19%"),
    ShopRate("9", "", D(0), "Vrijgesteld"),
]
PAYMENTS = [
    ShopMethod("bacs", "Bankoverschrijving"),
    ShopMethod("mollie_wc_gateway_ideal", "iDEAL"),
]
SHIPPING = [ShopMethod("flat_rate", "PostNL pakket"), ShopMethod("local_pickup", "Ophalen")]


def test_a_fresh_shop_gets_every_mapping_the_administration_can_give() -> None:
    lists, items = _exact()
    fresh = validate_settings({}, "woocommerce")
    proposal = propose(fresh, lists, items, RATES, PAYMENTS, SHIPPING, "NL")
    doc = proposal.settings
    rows = {r["shop_rate"]: r["exact"] for r in doc["vat"]["rates"]}
    # 21 'BTW hoog 21% excl.' (not 21I incl., not OBE 'OSS Belgie 21%'), 9, OSS codes by country
    assert rows == {"1": "21", "2": "9", "3": "OBE", "5": "ODE"}
    assert (doc["vat"]["untaxed"], doc["vat"]["reverse_charge"], doc["vat"]["export"]) == (
        "0",
        "ICP",
        "EXP",
    )
    revenue = doc["revenue"]
    assert (revenue["domestic"], revenue["eu"], revenue["outside_eu"]) == ("8000", "8030", "8020")
    assert doc["document"]["journal"] == "71"  # 'Verkoopboek webshop' before 'Verkoopboek'
    assert doc["payment"]["default_condition"] == "00"
    assert {r["shop"]: r["exact"] for r in doc["payment"]["methods"]} == {
        "bacs": "14",  # paid later: the shortest term
        "mollie_wc_gateway_ideal": "00",
    }
    assert {r["shop"]: r["exact"] for r in doc["shipping"]["methods"]} == {
        "flat_rate": "POSTNL",
        "local_pickup": "PICKUP",
    }
    assert doc["shipping"]["item"] == "SHIPPING"
    # every choice has its reason; what is not there is said, with what to do
    assert all(p["why"] for p in proposal.proposed)
    [be6] = [m for m in proposal.missing if m.get("shop") == "4"]
    assert be6["required"] and "create an OSS VAT code of 6 % for BE in Exact" in be6["why"]
    assert not any(m["setting"] == "vat.untaxed" for m in proposal.missing)
    validate_settings(doc, "woocommerce")  # the proposal is a valid settings document


def test_what_the_owner_chose_is_kept() -> None:
    lists, items = _exact()
    chosen = validate_settings(
        {
            "vat": {"rates": [{"shop_rate": "1", "exact": "21I"}], "untaxed": "0"},
            "revenue": {"domestic": "8010"},
            "payment": {"methods": [{"shop": "bacs", "exact": "30"}]},
        },
        "woocommerce",
    )
    proposal = propose(chosen, lists, items, RATES, PAYMENTS, SHIPPING, "NL")
    doc = proposal.settings
    assert [r["exact"] for r in doc["vat"]["rates"] if r["shop_rate"] == "1"] == ["21I"]
    assert doc["revenue"]["domestic"] == "8010"
    assert [r["exact"] for r in doc["payment"]["methods"] if r["shop"] == "bacs"] == ["30"]
    assert not any(p["setting"] == "revenue.domestic" for p in proposal.proposed)


def test_an_empty_administration_says_what_to_create() -> None:
    fresh = validate_settings({}, "woocommerce")
    proposal = propose(fresh, {}, {}, RATES[:1], PAYMENTS[:1], [], "NL")
    lacking = {m["setting"] for m in proposal.missing if m["required"]}
    assert {"vat.rates", "vat.untaxed", "revenue.domestic", "document.journal"} <= lacking
    assert "shipping.item" in lacking
    assert proposal.proposed == []
