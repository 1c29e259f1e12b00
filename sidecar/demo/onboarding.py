"""What a shop owner does once, done for the demo: register the shop, hand over the REST keys,
connect Exact (the real OAuth flow, with the emulator consenting at once), save settings.

Exact's side is prepared the way a bookkeeper would have set up the administration before the
webshop is linked: the items the shop sells (by SKU) and OSS VAT codes for the reduced rates of
Belgium, Germany and France (the emulator's seed has only the standard OSS rates). They are
planted through the emulator's control API because the sidecar never creates VAT codes and the
demo should book every order rather than stop at a missing mapping.

The shop's id and secret are kept in ``<SIDECAR_HOME>/demo.json`` so running the driver again
against the same running demo reuses the shop (and its Exact connection) instead of adding one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from sidecar.demo.signed import SignedApi
from sidecar.emulators.woocommerce.config import DEFAULT_KEYS
from sidecar.emulators.woocommerce.generator import CATALOGUE

DIVISION = 100001  # "Webshop Demo BV" in the emulator's default seed
SHOP_NAME = "Koffie & Thee Demo"
# Reduced OSS rates the generator charges consumers in BE, DE and FR: (code, description, rate).
OSS_REDUCED = (
    ("OB6", "OSS Belgie 6%", "0.06"),
    ("OD7", "OSS Duitsland 7%", "0.07"),
    ("OF5", "OSS Frankrijk 5,5%", "0.055"),
)
PACKAGING_ITEM = ("VERPAKKING", "Verpakkingskosten")

# The stand-in's tax rate ids (generator.RATES) -> the Exact VAT codes of the same percentage.
VAT_RATES = {
    "1": "21",  # NL 21 %
    "2": "9",  # NL 9 %
    "3": "OBE",  # BE 21 % (OSS)
    "4": "OB6",  # BE 6 % (OSS)
    "5": "ODE",  # DE 19 % (OSS)
    "6": "OD7",  # DE 7 % (OSS)
    "7": "OFR",  # FR 20 % (OSS)
    "8": "OF5",  # FR 5.5 % (OSS)
}

SETTINGS: dict[str, Any] = {
    "trigger_statuses": ["processing", "completed"],
    "document": {"type": "sales_invoice", "journal": "70"},
    "vat": {
        "rates": [{"shop_rate": rate, "exact": code} for rate, code in VAT_RATES.items()],
        "reverse_charge": "ICP",
        "export": "EXP",
        "untaxed": "0",
    },
    "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8040", "outside_eu": "8020"},
    "shipping": {
        "item": "SHIPPING",
        "gl_account": "8100",
        "methods": [
            {"shop": "flat_rate", "exact": "POSTNL"},
            {"shop": "free_shipping", "exact": "POSTNL"},
        ],
    },
    "items": {"no_sku_item": PACKAGING_ITEM[0]},
    "payment": {
        "default_condition": "00",
        "methods": [
            {"shop": "bacs", "exact": "14"},
            {"shop": "mollie_wc_gateway_ideal", "exact": "00"},
            {"shop": "mollie_wc_gateway_bancontact", "exact": "00"},
            {"shop": "mollie_wc_gateway_creditcard", "exact": "00"},
        ],
    },
    "free_fields": {"description": "{shop_name} #{number}"},
}


class DemoError(Exception):
    """A step of the set-up failed; the message says which and what the service answered."""


def _check(response: requests.Response, what: str, *ok: int) -> requests.Response:
    if response.status_code not in (ok or (200,)):
        raise DemoError(f"{what}: HTTP {response.status_code} {response.text[:300]}")
    return response


@dataclass(frozen=True)
class DemoShop:
    id: str
    secret: str


Registrar = Callable[[str, str], DemoShop]


def register_with_runtime(shop_url: str, name: str) -> DemoShop:
    """Add the shop straight into the sidecar's database, as ``exact-sidecar shop add`` does."""
    from sidecar.config import load_config
    from sidecar.runtime import build_runtime
    from sidecar.shops.service import add_shop

    rt = build_runtime(load_config())
    with rt.db.session() as session:
        created = add_shop(session, rt.box, "woocommerce", shop_url, name)
    return DemoShop(created.id, created.secret)


def demo_state_path() -> Path:
    from sidecar.config import load_config

    return load_config().home / "demo.json"


@dataclass
class Onboarding:
    sidecar_url: str
    exact_url: str
    woo_url: str
    state_path: Path | None = None
    register: Registrar = register_with_runtime
    division: int = DIVISION

    # -- the shop ----------
    def shop(self) -> tuple[DemoShop, SignedApi]:
        """The demo shop of an earlier run if the sidecar still knows it, else a new one."""
        saved = self._load()
        if saved is not None:
            api = SignedApi(self.sidecar_url, saved.id, saved.secret)
            answer = api.get("/api/v1/shop")
            if answer.status_code == 200 and answer.json().get("url") == self.woo_url:
                return saved, api
        shop = self.register(self.woo_url, SHOP_NAME)
        self._save(shop)
        return shop, SignedApi(self.sidecar_url, shop.id, shop.secret)

    def _load(self) -> DemoShop | None:
        if self.state_path is None or not self.state_path.is_file():
            return None
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            return DemoShop(str(data["id"]), str(data["secret"]))
        except (ValueError, KeyError, TypeError):
            return None

    def _save(self, shop: DemoShop) -> None:
        if self.state_path is None:
            return
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        saved = {"id": shop.id, "secret": shop.secret, "sidecar_url": self.sidecar_url}
        self.state_path.write_text(json.dumps(saved) + "\n")
        self.state_path.chmod(0o600)

    # -- Exact ----------
    def connect_exact(self, api: SignedApi) -> str:
        """The shop owner's browser round trip; answers 'connected' or 'already connected'."""
        status = _check(api.get("/api/v1/shop"), "reading the shop").json()
        if status["exact"]["connected"] and not status["exact"]["needs_reauth"]:
            return "already connected"
        back = self.woo_url + "/wp-admin/admin.php?page=exact-sidecar"
        started = _check(
            api.post("/api/v1/shop/exact/connect", {"return_url": back}), "starting the connection"
        )
        browser = requests.Session()
        begun = browser.get(started.json()["authorize_url"], allow_redirects=False, timeout=30)
        _check(begun, "the sidecar's sign-in start page", 302, 303)
        consent = browser.get(begun.headers["Location"], allow_redirects=False, timeout=30)
        _check(consent, "Exact's consent screen", 302, 303)
        page = browser.get(consent.headers["Location"], allow_redirects=False, timeout=60)
        if page.status_code == 200 and 'name="token" value="' in page.text:
            token = page.text.split('name="token" value="')[1].split('"')[0]
            page = browser.post(
                self.sidecar_url + "/oauth/exact/division",
                data={"token": token, "division": str(self.division)},
                allow_redirects=False,
                timeout=60,
            )
        _check(page, "the OAuth callback", 302, 303)
        if "exact=connected" not in page.headers.get("Location", ""):
            raise DemoError(f"Exact did not connect: {page.headers.get('Location')}")
        return "connected"

    def prepare_exact(self) -> int:
        """Items for every SKU the stand-in sells and the reduced OSS VAT codes; returns how many
        records were added (none when an earlier run added them)."""
        control = requests.Session()
        added = 0
        wanted = {
            "logistics/Items": [
                {"Code": sku, "Description": name, "IsSalesItem": True, "Unit": "pc"}
                for name, sku, *_ in CATALOGUE
            ]
            + [{"Code": PACKAGING_ITEM[0], "Description": PACKAGING_ITEM[1], "IsSalesItem": True}],
            "vat/VATCodes": [
                {
                    "Code": code,
                    "Description": text,
                    "Percentage": float(rate),
                    "Type": "E",
                    "VATTransactionType": "S",
                }
                for code, text, rate in OSS_REDUCED
            ],
        }
        for endpoint, records in wanted.items():
            listed = control.get(
                f"{self.exact_url}/_emulator/records",
                params={"division": self.division, "endpoint": endpoint},
                timeout=30,
            )
            have = {r.get("Code") for r in _check(listed, f"reading {endpoint}").json()["records"]}
            missing = [r for r in records if r["Code"] not in have]
            if missing:
                body = {"division": self.division, "endpoint": endpoint, "records": missing}
                _check(
                    control.post(f"{self.exact_url}/_emulator/records", json=body, timeout=30),
                    f"adding {endpoint}",
                    201,
                )
                added += len(missing)
        return added

    # -- the shop's side ----------
    def hand_over_credentials(self, api: SignedApi) -> None:
        key = next(k for k in DEFAULT_KEYS if k.permissions == "read_write")
        creds = {"consumer_key": key.consumer_key, "consumer_secret": key.consumer_secret}
        _check(api.post("/api/v1/shop/credentials", creds), "storing the REST credentials")

    def save_settings(self, api: SignedApi) -> None:
        _check(api.put("/api/v1/shop/settings", SETTINGS), "saving the settings")

    def run(self, say: Callable[[str], None]) -> tuple[DemoShop, SignedApi]:
        shop, api = self.shop()
        say(f"Shop '{SHOP_NAME}' is {shop.id} (WooCommerce stand-in at {self.woo_url}).")
        self.hand_over_credentials(api)
        say("Handed the shop's REST keys to the sidecar (for writing the Exact number back).")
        say(f"Exact Online: {self.connect_exact(api)} (division {self.division}).")
        added = self.prepare_exact()
        if added:
            say(f"Exact: added {added} items and OSS VAT codes the shop needs.")
        self.save_settings(api)
        say("Settings saved: sales invoices in journal 70, VAT rates mapped to Exact codes.")
        return shop, api
