"""Finding or creating the Exact account an order is booked on.

Known customers are found through their link, never by searching again (rule 6). An unknown one
costs one search (by e-mail, or by the configured customer-number or VAT-number meta value) and,
if Exact has none, one create: a company becomes an account with a contact person, a consumer a
person account. A lock per e-mail (or match value) per division keeps two orders of a new customer,
processed at once, from creating the account twice.
"""

from __future__ import annotations

from typing import Any

from sidecar.errors import PermanentError, RetryableError
from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.resources import ACCOUNTS, CONTACTS
from sidecar.mapping.resolvers import MissingMapping, Resolver, country
from sidecar.runtime import Runtime
from sidecar.shops.records import Order
from sidecar.sync import links

LOCK_SECONDS = 60
NAME_LIMIT = 50


def _match(order: Order, settings: dict[str, Any]) -> tuple[str, str, str]:
    """(link key, Exact filter, words for messages) for the configured match rule."""
    rule = settings["customers"]
    customer = order.customer
    if rule["match"] == "email":
        if not customer.email:
            raise PermanentError(
                f"Order {order.number} has no customer e-mail address.",
                "Add the customer's e-mail address to the order, or book every "
                "order on one account (Settings > Customers > default debtor).",
            )
        return (
            f"email:{customer.email}",
            f"Email eq {odata.string(customer.email)}",
            f"e-mail {customer.email}",
        )
    key = rule["match_meta_key"]
    value = (order.meta.get(key) or customer.meta.get(key) or "").strip()
    if rule["match"] == "vat_number" and not value:
        value = customer.vat_number or ""
    if not value:
        raise MissingMapping(
            f"Order {order.number} has no value for meta key '{key}' to find the Exact account by.",
            "Fill the field in the shop, or change how customers are matched under "
            "Settings > Customers.",
            "customers.match_meta_key",
        )
    if rule["match"] == "customer_number":
        return (f"code:{value}", f"Code eq {odata.account_code(value)}", f"account code {value}")
    return (f"vat:{value}", f"VATNumber eq {odata.string(value)}", f"VAT number {value}")


def _default_debtor(client: ExactClient, order: Order, code: str) -> str:
    row = client.first(ACCOUNTS.endpoint, "ID", f"Code eq {odata.account_code(code)}")
    if row is None:
        raise MissingMapping(
            f"The default debtor '{code}' does not exist in Exact Online.",
            "Choose an existing account code under Settings > Customers.",
            "customers.default_debtor",
        )
    return row["ID"]


def _new_account(order: Order, resolver: Resolver, settings: dict[str, Any]) -> dict[str, Any]:
    customer, address = order.customer, order.billing
    record: dict[str, Any] = {
        "Name": (customer.company or customer.name or customer.email)[:NAME_LIMIT],
        "Status": "C",
        "Email": customer.email or None,
        "Phone": customer.phone or address.phone or None,
        "AddressLine1": address.line1 or None,
        "AddressLine2": address.line2 or None,
        "Postcode": address.postcode or None,
        "City": address.city or None,
        "Country": country(address.country) if address.country else None,
        "VATNumber": customer.vat_number if customer.company else None,
    }
    new = settings["customers"]["new_account"]
    condition = new["payment_condition"]
    for row in new["countries"]:
        if address.country and row["country"] == country(address.country):
            if row["vat_code"]:
                resolver._exists("vat_codes", row["vat_code"], "customers.new_account", "VAT code")
                record["SalesVATCode"] = row["vat_code"]
            condition = row["payment_condition"] or condition
            if row["gl_account"]:
                record["GLAccountSales"] = resolver._exists(
                    "gl_accounts", row["gl_account"], "customers.new_account", "G/L account"
                )["ID"]
    if condition:
        record["PaymentConditionSales"] = condition
    return {k: v for k, v in record.items() if v is not None}


def resolve_account(
    rt: Runtime,
    client: ExactClient,
    resolver: Resolver,
    shop_id: str,
    order: Order,
    settings: dict[str, Any],
) -> str:
    """The Exact account GUID for the order's customer."""
    rule = settings["customers"]
    if rule["mode"] == "default_debtor":
        return _default_debtor(client, order, rule["default_debtor"])
    key, flt, words = _match(order, settings)
    with rt.db.session() as session:
        link = links.get_link(session, shop_id, "customer", key)
        if link is not None and link.state == "posted" and link.division == client.target.division:
            return link.exact_id
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
        found = client.first(ACCOUNTS.endpoint, "ID,Code,Name", flt)
        if found is None:
            if rule["match"] != "email":
                raise MissingMapping(
                    f"Order {order.number}: Exact has no account with {words}.",
                    "Create the account in Exact Online, or match customers by e-mail under "
                    "Settings > Customers.",
                    "customers.match",
                )
            found = client.create(ACCOUNTS.endpoint, _new_account(order, resolver, settings))
            if order.customer.company and (order.customer.first_name or order.customer.last_name):
                client.create(
                    CONTACTS.endpoint,
                    {
                        "Account": found["ID"],
                        "FirstName": order.customer.first_name or "-",
                        "LastName": order.customer.last_name or order.customer.company,
                        "Email": order.customer.email or None,
                    },
                )
        with rt.db.session() as session:
            link = links.ensure_link(session, shop_id, "customer", key)
            if link.state != "posted":
                links.mark_posted(session, link, "account", found["ID"], found.get("Code"))
            link.exact_id, link.division = found["ID"], client.target.division
        return found["ID"]
    finally:
        lock.release()
