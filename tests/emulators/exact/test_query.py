"""Envelopes, paging with __next, $select/$top/$orderby/$inlinecount and the $filter language."""

from __future__ import annotations

import pytest
import requests

from tests.support.exact_emulator import D1, account_id, error_message, item_id


def plant_accounts(exact, count: int) -> None:
    exact.insert_records(
        D1,
        "crm/Accounts",
        [{"Name": f"Bulk {n:03d}", "Code": f"{1000 + n:>18}", "Status": "C"} for n in range(count)],
    )


def test_collection_envelope_and_metadata(api):
    d = api.one("crm/Accounts", **{"$select": "ID,Name,Code"})
    assert set(d) == {"results"}  # a single page has no __next
    row = d["results"][0]
    assert set(row) == {"__metadata", "ID", "Name", "Code"}
    assert row["__metadata"]["type"] == "Exact.Web.Api.Models.Account"
    assert row["__metadata"]["uri"].endswith(f"/api/v1/{D1}/crm/Accounts(guid'{row['ID']}')")
    assert len(row["Code"]) == 18 and row["Code"].strip().isdigit()


def test_single_entity_envelope_and_404(api):
    key = account_id("1")
    d = api.one(f"crm/Accounts(guid'{key}')")
    assert d["ID"] == key and d["Name"] == "Jansen Retail BV"
    assert d["BankAccounts"] == {"__deferred": {"uri": d["__metadata"]["uri"] + "/BankAccounts"}}
    assert isinstance(d["Created"], str) and d["Created"].startswith("/Date(")
    missing = api.get("crm/Accounts(guid'00000000-0000-0000-0000-000000000000')")
    assert missing.status_code == 404
    error_message(missing)


def test_paging_follows_next_across_pages(exact, api):
    plant_accounts(exact, 130)  # plus 3 seeded accounts = 133 rows
    first = api.one("crm/Accounts", **{"$select": "ID,Name", "$filter": "Status eq 'C'"})
    assert len(first["results"]) == 60
    assert "$skiptoken=guid'" in first["__next"]
    assert first["__next"].startswith(exact.base_url + f"/api/v1/{D1}/crm/Accounts?")
    assert "$filter=Status%20eq%20'C'" in first["__next"]  # the caller's options are kept
    second = api.get_url(first["__next"]).json()["d"]
    assert len(second["results"]) == 60
    third = api.get_url(second["__next"]).json()["d"]
    assert len(third["results"]) == 13
    assert "__next" not in third
    ids = [r["ID"] for page in (first, second, third) for r in page["results"]]
    assert len(set(ids)) == 133
    assert set(third["results"][0]) == {"__metadata", "ID", "Name"}


def test_top_and_inlinecount(exact, api):
    plant_accounts(exact, 70)
    d = api.one("crm/Accounts", **{"$top": "0", "$inlinecount": "allpages", "$select": "ID"})
    assert d["results"] == [] and d["__count"] == "73"
    two = api.one("crm/Accounts", **{"$top": "2", "$select": "ID"})
    assert len(two["results"]) == 2 and "__next" not in two
    # $top above the page size: one capped page plus __next for the rest of the $top.
    big = api.one("crm/Accounts", **{"$top": "65", "$select": "ID"})
    assert len(big["results"]) == 60
    rest = api.get_url(big["__next"]).json()["d"]
    assert len(rest["results"]) == 5 and "__next" not in rest


def test_orderby_and_count_endpoint(api):
    names = [
        r["Name"] for r in api.rows("crm/Accounts", **{"$select": "Name", "$orderby": "Name desc"})
    ]
    assert names == sorted(names, reverse=True)
    count = api.get("crm/Accounts/$count")
    assert count.status_code == 200 and count.text == "3"


def test_select_of_unknown_property_and_star_are_400(api):
    assert api.get("crm/Accounts", **{"$select": "ID,Nope"}).status_code == 400
    assert api.get("crm/Accounts", **{"$select": "*"}).status_code == 400
    assert api.get("crm/Accounts", **{"$select": "ID", "$bogus": "1"}).status_code == 400


def filtered(api, path: str, expression: str, select: str = "ID") -> list[dict]:
    response = api.get(path, **{"$filter": expression, "$select": select})
    assert response.status_code == 200, response.text
    return response.json()["d"]["results"]


CODE = "trim(Code)"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (f"{CODE} eq '2'", {"2"}),
        (f"{CODE} ne '2'", {"1", "3"}),
        ("Code gt '                 1'", {"2", "3"}),
        ("Code ge '                 2'", {"2", "3"}),
        ("Code lt '                 2'", {"1"}),
        ("Code le '                 2'", {"1", "2"}),
        (f"{CODE} eq '1' or {CODE} eq '3'", {"1", "3"}),
        (f"Country eq 'NL' and ({CODE} eq '1' or {CODE} eq '2')", {"1"}),
        ("substringof('Retail', Name) eq true", {"1"}),
        ("substringof('retail', Name)", set()),  # case-sensitive (the stricter reading)
        ("startswith(Name, 'Dupont')", {"2"}),
        ("Name eq 'O''Brien'", set()),
        ("Blocked eq false", {"1", "2", "3"}),
        ("Email eq null", {"2", "3"}),
        ("Email ne null", {"1"}),
    ],
)
def test_filter_operators_and_string_literals(api, expression, expected):
    rows = filtered(api, "crm/Accounts", expression, select="Code")
    assert {r["Code"].strip() for r in rows} == expected


def test_filter_guid_datetime_int_and_decimal_literals(exact, api):
    key = account_id("2")
    assert [r["ID"] for r in filtered(api, "crm/Accounts", f"ID eq guid'{key}'")] == [key]
    assert len(filtered(api, "crm/Accounts", "Created gt datetime'2000-01-01T00:00:00'")) == 3
    assert filtered(api, "crm/Accounts", "Created lt datetime'2000-01-01T00:00'") == []
    prices = filtered(api, "logistics/Items", "StandardSalesPrice gt 20.00M", select="Code")
    assert {r["Code"] for r in prices} == {"BOOK-NL", "GIFTCARD", "INSTALL"}
    ints = filtered(api, "logistics/Items", "StandardSalesPrice le 5", select="Code")
    assert {r["Code"] for r in ints} == {"SHIPPING"}
    groups = filtered(api, "logistics/ItemGroups", "IsDefault eq 1", select="Code")
    assert [r["Code"] for r in groups] == ["WEB"]
    sync = api.get("sync/CRM/Accounts", **{"$select": "ID,Timestamp", "$filter": "Timestamp gt 2L"})
    assert sync.status_code == 200
    assert all(r["Timestamp"] > 2 for r in sync.json()["d"]["results"])


@pytest.mark.parametrize(
    "expression",
    [
        "Name eq",  # incomplete
        "not (Name eq 'x')",  # 'not' is not accepted
        "Name eq 'x' xor Name eq 'y'",
        "tolower(Name) eq 'x'",  # unknown function
        "Name eq Code",  # field against field
        "Name eq 5",  # wrong literal type
        f"ID eq '{'0' * 8}-0000-0000-0000-{'0' * 12}'",  # a GUID needs guid'...'
        "Created gt '2024-01-01'",  # a date needs datetime'...'
        "Created gt datetime'2024-01-01'",  # ... with a time part
        "BankAccounts/Description eq 'x'",  # navigation
        "Nope eq 1",  # unknown property
        "Name",  # not a boolean expression
        "Blocked gt true",
        "(Name eq 'x'",
        "Name eq 'x' and 'y'",
        "Name EQ 'x'",
    ],
)
def test_unsupported_filters_are_400_not_a_full_list(api, expression):
    response = api.get("crm/Accounts", **{"$filter": expression, "$select": "ID"})
    assert response.status_code == 400, expression
    assert error_message(response)


def test_without_accept_json_the_answer_is_atom(exact, api):
    response = requests.get(
        api.url("crm/Accounts"),
        params={"$select": "ID,Name"},
        headers={"Authorization": api.session.headers["Authorization"]},
        timeout=5,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    assert response.text.startswith("<?xml")
    assert "Jansen Retail BV" in response.text


def test_expand_lines_and_stock_position_envelope(api):
    d = api.one("read/logistics/StockPosition", itemId=f"guid'{item_id('TSHIRT-RED')}'")
    assert isinstance(d, list) and d[0]["InStock"] == 100
    assert api.get("read/logistics/StockPosition").status_code == 400
    divisions = api.rows("system/Divisions", **{"$select": "Code,Description,Current"})
    assert {r["Code"] for r in divisions} == {100001, 100002}
