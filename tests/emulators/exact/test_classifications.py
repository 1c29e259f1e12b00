"""Account classifications: listed by code, and only accepted in their own slot."""

from __future__ import annotations

from tests.support.exact_emulator import error_message, seed_id


def test_classifications_and_their_names_are_listed(api):
    rows = api.rows(
        "crm/AccountClassifications", **{"$select": "ID,Code,AccountClassificationName"}
    )
    codes = {r["Code"]: r for r in rows}
    assert set(codes) == {"WEB", "B2B"}
    names = api.rows("crm/AccountClassificationNames", **{"$select": "ID,SequenceNumber"})
    assert [n["SequenceNumber"] for n in names] == [2]
    assert codes["WEB"]["AccountClassificationName"] == names[0]["ID"]


def test_an_account_takes_a_classification_in_its_slot_only(api):
    web = seed_id("crm/AccountClassifications", "WEB")
    good = api.post("crm/Accounts", {"Name": "Klant", "Classification2": web})
    assert good.status_code == 201, good.text
    assert good.json()["d"]["Classification2"] == web

    wrong = api.post("crm/Accounts", {"Name": "Klant", "Classification1": web})
    assert wrong.status_code == 500
    assert "belongs to classification 2" in error_message(wrong)

    unknown = api.post(
        "crm/Accounts", {"Name": "Klant", "Classification2": "00000000-0000-4000-8000-000000000000"}
    )
    assert unknown.status_code == 500
