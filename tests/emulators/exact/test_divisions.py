"""Divisions: the division in every URL, current/Me following the UI, and the second division."""

from __future__ import annotations

from tests.support.exact_emulator import D1, D2, error_message, item_id


def test_a_division_outside_the_licence_is_403(api):
    response = api.get("crm/Accounts", division=999999, **{"$select": "ID"})
    assert response.status_code == 403
    assert "WrongDivision" in error_message(response)


def test_current_me_follows_the_company_opened_in_the_ui(exact, api):
    me = api.one("current/Me", division=None)["results"][0]
    assert me["CurrentDivision"] == D1
    exact.session.post(f"{exact.base_url}/_emulator/me", json={"CurrentDivision": D2}, timeout=5)
    me = api.one("current/Me", division=None)["results"][0]
    assert me["CurrentDivision"] == D2


def test_divisions_are_separate_administrations(exact, api):
    d2_items = {r["Code"] for r in api.rows("logistics/Items", division=D2, **{"$select": "Code"})}
    assert d2_items == {"TSHIRT-RED", "BOOK-NL", "SHIPPING"}
    created = api.post("crm/Accounts", {"Name": "Alleen in D2", "Status": "C"}, division=D2)
    assert created.status_code == 201
    names_d1 = {r["Name"] for r in api.rows("crm/Accounts", **{"$select": "Name"})}
    assert "Alleen in D2" not in names_d1
    # The seed IDs differ per division, so a D1 item does not exist in D2.
    body = {
        "OrderedBy": created.json()["d"]["ID"],
        "SalesOrderLines": [{"Item": item_id("MUG")}],
    }
    response = api.post("salesorder/SalesOrders", body, division=D2)
    assert response.status_code == 500
    assert error_message(response) == "Ongeldige referentie: Artikel"
    assert len(exact.state.division(D2).table("crm/Accounts")) == 2


def test_writes_need_a_json_content_type(api):
    response = api.session.post(
        api.url("crm/Accounts"),
        data="Name=X",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=5,
    )
    assert response.status_code == 400
