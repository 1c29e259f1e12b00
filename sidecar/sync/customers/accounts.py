"""Finding or creating the Exact account an order is booked on.

Known customers are found through their link, never by searching again (rule 6). An unknown one
costs one search (by e-mail, or by the configured customer-number or VAT-number meta value) and,
if Exact has none, one create: a company becomes an account with a contact person, a consumer a
person account. A lock per e-mail (or match value) per division keeps two orders of a new customer,
processed at once, from creating the account twice.

The customer link remembers a fingerprint of the name, address and contact data last seen, so
keeping an existing account up to date (``customers.update_existing``, or the customer flow) costs
one PUT when the shop's data changed and nothing otherwise: a returning customer's order stays at
one Exact call.

Exact invoices only accounts with customer status (``Status`` C): a document to a prospect,
suspect or "none" account is refused (``Ongeldig: Factuur voor (Type)``). An account found by the
search that is not a customer is therefore made one (one PUT, logged), or, with
``customers.non_customer`` = ``new_account``, left alone and a new customer account created.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sidecar.activity import log as activity
from sidecar.errors import PermanentError, RetryableError
from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.resources import ACCOUNTS, CONTACTS
from sidecar.mapping.resolvers import MissingMapping, Resolver, country
from sidecar.mapping.settings_model import Settings
from sidecar.runtime import Runtime
from sidecar.shops.records import Address, Customer, Order
from sidecar.sync import links

LOCK_SECONDS = 60
NAME_LIMIT = 50
CUSTOMER = "C"
# Exact's account statuses (crm/Accounts Status), in the words the activity log uses.
STATUS_WORDS = {"A": "no status", "S": "a suspect", "P": "a prospect", "": "no status"}


@dataclass(frozen=True)
class Party:
    """Whom an account is for: an order's customer, or the customer of a customer event."""

    customer: Customer
    address: Address
    label: str
    """How messages name the source: "Order 1234", "Customer 77"."""
    meta: Mapping[str, str]
    entity: str | None = None
    """The activity log's entity for lines about this party ("order:1234", "customer:77")."""

    @classmethod
    def of_order(cls, order: Order) -> Party:
        meta = {**order.customer.meta, **order.meta}
        label = f"Order {order.number}"
        return cls(order.customer, order.billing, label, meta, f"order:{order.shop_order_id}")


def match_rule(party: Party, settings: Settings) -> tuple[str, str, str]:
    """(link key, Exact filter, words for messages) for the configured match rule."""
    rule = settings.customers
    customer = party.customer
    if rule.match == "email":
        if not customer.email:
            raise PermanentError(
                f"{party.label} has no customer e-mail address.",
                "Add the customer's e-mail address in the shop, or book every "
                "order on one account (Settings > Customers > default debtor).",
            )
        flt = f"Email eq {odata.string(customer.email)}"
        if rule.non_customer == "new_account":
            # a prospect with this e-mail is left alone: only customers are found, and a new
            # customer account is created beside the prospect when there is none
            flt += f" and Status eq {odata.string(CUSTOMER)}"
        return (f"email:{customer.email}", flt, f"e-mail {customer.email}")
    key = rule.match_meta_key
    value = (party.meta.get(key) or "").strip()
    if rule.match == "vat_number" and not value:
        value = customer.vat_number or ""
    if not value:
        raise MissingMapping(
            f"{party.label} has no value for meta key '{key}' to find the Exact account by.",
            "Fill the field in the shop, or change how customers are matched under "
            "Settings > Customers.",
            "customers.match_meta_key",
        )
    if rule.match == "customer_number":
        return (f"code:{value}", f"Code eq {odata.account_code(value)}", f"account code {value}")
    return (f"vat:{value}", f"VATNumber eq {odata.string(value)}", f"VAT number {value}")


def no_account(party: Party, words: str) -> MissingMapping:
    """Matching by customer or VAT number found nothing, and only e-mail matching creates."""
    return MissingMapping(
        f"{party.label}: Exact has no account with {words}.",
        "Create the account in Exact Online, or match customers by e-mail under "
        "Settings > Customers.",
        "customers.match",
    )


def _status(row: Mapping[str, Any]) -> str:
    return str(row.get("Status") or "").strip().upper()


def default_debtor_id(client: ExactClient, code: str) -> str:
    row = client.first(ACCOUNTS.endpoint, "ID,Status", f"Code eq {odata.account_code(code)}")
    if row is None:
        raise MissingMapping(
            f"The default debtor '{code}' does not exist in Exact Online.",
            "Choose an existing account code under Settings > Customers.",
            "customers.default_debtor",
        )
    if _status(row) != CUSTOMER:
        raise MissingMapping(
            f"The default debtor '{code}' is {STATUS_WORDS.get(_status(row), 'no customer')} "
            "in Exact Online, not a customer, and Exact books documents only on customers.",
            "Give the account the status Customer in Exact Online (the account's card, "
            "Status), or choose another account under Settings > Customers.",
            "customers.default_debtor",
        )
    return row["ID"]


def account_data(party: Party) -> dict[str, Any]:
    """Name, address and contact fields: what the shop owns and an update may change."""
    customer, address = party.customer, party.address
    record: dict[str, Any] = {
        "Name": (customer.company or customer.name or customer.email)[:NAME_LIMIT],
        "Email": customer.email or None,
        "Phone": customer.phone or address.phone or None,
        "AddressLine1": address.line1 or None,
        "AddressLine2": address.line2 or None,
        "Postcode": address.postcode or None,
        "City": address.city or None,
        "Country": country(address.country) if address.country else None,
        "VATNumber": customer.vat_number if customer.company else None,
    }
    return {k: v for k, v in record.items() if v is not None}


def fingerprint(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _new_account(party: Party, resolver: Resolver, settings: Settings) -> dict[str, Any]:
    """A new account: the shop's data plus the defaults the settings give new accounts (the
    bookkeeper owns these afterwards, so updates never touch them)."""
    record = {**account_data(party), "Status": "C"}
    new = settings.customers.new_account
    condition = new.payment_condition
    if new.classification:
        row = resolver._exists(
            "account_classifications",
            new.classification,
            "customers.new_account.classification",
            "Account classification",
        )
        if not row.get("Slot"):
            raise MissingMapping(
                f"Account classification '{new.classification}' has no classification name "
                "in Exact Online, so it cannot be set on an account.",
                "Choose another classification under Settings > Customers.",
                "customers.new_account.classification",
            )
        record[f"Classification{row['Slot']}"] = row["ID"]
    home = party.address.country and country(party.address.country)
    for defaults in new.countries:
        if home and defaults.country == home:
            if defaults.vat_code:
                resolver._exists(
                    "vat_codes", defaults.vat_code, "customers.new_account.countries", "VAT code"
                )
                record["SalesVATCode"] = defaults.vat_code
            condition = defaults.payment_condition or condition
            if defaults.gl_account:
                record["GLAccountSales"] = resolver._exists(
                    "gl_accounts",
                    defaults.gl_account,
                    "customers.new_account.countries",
                    "G/L account",
                )["ID"]
    if condition:
        record["PaymentConditionSales"] = condition
    return record


def resolve_account(
    rt: Runtime,
    client: ExactClient,
    resolver: Resolver,
    shop_id: str,
    order: Order,
    settings: Settings,
) -> str:
    """The Exact account GUID for the order's customer."""
    rule = settings.customers
    if rule.mode == "default_debtor":
        return default_debtor_id(client, rule.default_debtor)
    party = Party.of_order(order)
    return resolve_party(rt, client, resolver, shop_id, party, settings, rule.update_existing).id


@dataclass(frozen=True)
class Account:
    id: str
    code: str
    outcome: str
    """unchanged (known, nothing to do) | updated (known, PUT) | found (one search) |
    promoted (found, and made a customer: one PUT) | created"""


def resolve_party(
    rt: Runtime,
    client: ExactClient,
    resolver: Resolver,
    shop_id: str,
    party: Party,
    settings: Settings,
    update: bool,
) -> Account:
    """The account for ``party``: link, else one search, else one create. With ``update``
    an existing account whose shop data changed since last seen gets one PUT."""
    key, flt, words = match_rule(party, settings)
    data = account_data(party)
    digest = fingerprint(data)
    with rt.db.session() as session:
        link = links.get_link(session, shop_id, "customer", key)
        if link is not None and link.state == "posted" and link.division == client.target.division:
            outcome = "unchanged"
            if link.payload_hash != digest:
                if update:
                    client.update(ACCOUNTS.endpoint, ACCOUNTS.key_literal(link.exact_id), data)
                    outcome = "updated"
                link.payload_hash = digest
            return Account(link.exact_id, (link.exact_number or "").strip(), outcome)
    lock = rt.redis.lock(
        f"sidecar:lock:customer:{client.target.division}:{key}",
        timeout=LOCK_SECONDS,
        blocking_timeout=10,
    )
    if not lock.acquire():
        raise RetryableError(
            f"another job is creating the Exact account for {words}", seconds=5, counts=False
        )
    try:
        found = client.first(ACCOUNTS.endpoint, "ID,Code,Name,Status", flt)
        outcome = "found"
        if found is not None and _status(found) != CUSTOMER:
            found, outcome = _not_a_customer(rt, client, shop_id, party, settings, found, update)
            update = update and outcome != "promoted"  # the promoting PUT carried the data
        if found is None:
            if settings.customers.match != "email":
                raise no_account(party, words)
            found = client.create(ACCOUNTS.endpoint, _new_account(party, resolver, settings))
            outcome = "created"
            customer = party.customer
            if customer.company and (customer.first_name or customer.last_name):
                client.create(
                    CONTACTS.endpoint,
                    {
                        "Account": found["ID"],
                        "FirstName": customer.first_name or "-",
                        "LastName": customer.last_name or customer.company,
                        "Email": customer.email or None,
                    },
                )
        elif update:
            client.update(ACCOUNTS.endpoint, ACCOUNTS.key_literal(found["ID"]), data)
        with rt.db.session() as session:
            link = links.ensure_link(session, shop_id, "customer", key)
            if link.state != "posted":
                links.mark_posted(session, link, "account", found["ID"], found.get("Code"))
            link.exact_id, link.division = found["ID"], client.target.division
            link.payload_hash = digest
        return Account(found["ID"], str(found.get("Code") or "").strip(), outcome)
    finally:
        lock.release()


def _not_a_customer(
    rt: Runtime,
    client: ExactClient,
    shop_id: str,
    party: Party,
    settings: Settings,
    found: dict[str, Any],
    update: bool,
) -> tuple[dict[str, Any], str]:
    """``found`` has no customer status. ``make_customer``: one PUT gives it status C (plus the
    shop's data when accounts are kept up to date), and the activity log says so."""
    code = str(found.get("Code") or "").strip()
    was = STATUS_WORDS.get(_status(found), f"status {_status(found)}")
    if settings.customers.non_customer == "new_account":
        # Only reached when matching by customer or VAT number: those name one account, so no
        # twin can be created for it (e-mail matching searches customers only, see _match).
        raise MissingMapping(
            f"{party.label}: Exact account {code} ({found.get('Name')}) is {was}, not a "
            "customer, and Exact books documents only on customers.",
            "Give the account the status Customer in Exact Online, or let the sidecar do "
            "it under Settings > Customers (accounts that are no customer: make customer).",
            "customers.non_customer",
        )
    body = {**(account_data(party) if update else {}), "Status": CUSTOMER}
    client.update(ACCOUNTS.endpoint, ACCOUNTS.key_literal(found["ID"]), body)
    _log(
        rt,
        shop_id,
        party,
        f"{party.label}: Exact account {code} ({found.get('Name')}) was "
        f"{was}; it was made a customer, because Exact books documents only on customers.",
    )
    return {**found, "Status": CUSTOMER}, "promoted"


def _log(rt: Runtime, shop_id: str, party: Party, message: str) -> None:
    with rt.db.session() as session:
        activity.record(session, shop_id, "customer", message, entity=party.entity, direction="out")
