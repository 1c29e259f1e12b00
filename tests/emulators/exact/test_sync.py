"""Sync endpoints (row versions), sync/Deleted, and bulk endpoints with their 1,000-row pages."""

from __future__ import annotations

from tests.support.exact_emulator import D1, account_id, error_message, item_id


def sync(api, path: str, after: int, select: str = "ID,Timestamp") -> dict:
    response = api.get(path, **{"$select": select, "$filter": f"Timestamp gt {after}L"})
    assert response.status_code == 200, response.text
    return response.json()["d"]


def test_sync_requires_select_and_a_timestamp_filter(api):
    no_select = api.get("sync/CRM/Accounts", **{"$filter": "Timestamp gt 1L"})
    assert no_select.status_code == 400
    assert "$select" in error_message(no_select)
    no_filter = api.get("sync/CRM/Accounts", **{"$select": "ID"})
    assert no_filter.status_code == 400
    assert api.get("bulk/CRM/Accounts").status_code == 400


def test_sync_returns_changes_after_the_cursor_in_timestamp_order(api):
    first = sync(api, "sync/CRM/Accounts", 1)["results"]
    stamps = [row["Timestamp"] for row in first]
    assert stamps == sorted(stamps) and len(first) == 3
    cursor = max(stamps)
    assert sync(api, "sync/CRM/Accounts", cursor)["results"] == []
    key = account_id("2")
    assert api.put(f"crm/Accounts(guid'{key}')", {"City": "Gent"}).status_code == 204
    created = api.post("crm/Accounts", {"Name": "Nieuw"}).json()["d"]["ID"]
    changed = sync(api, "sync/CRM/Accounts", cursor, select="ID,Timestamp,City")["results"]
    assert [row["ID"] for row in changed] == [key, created]
    assert changed[0]["City"] == "Gent"
    assert changed[0]["Timestamp"] > cursor


def test_sync_deleted_reports_deleted_records(api):
    created = api.post("crm/Accounts", {"Name": "Weg ermee"}).json()["d"]["ID"]
    assert api.delete(f"crm/Accounts(guid'{created}')").status_code == 204
    deleted = sync(api, "sync/Deleted", 1, select="EntityKey,EntityType,Timestamp,DeletedDate")
    rows = deleted["results"]
    assert [(row["EntityKey"], row["EntityType"]) for row in rows] == [(created, 2)]
    assert rows[0]["DeletedDate"].startswith("/Date(")


def test_sync_pages_by_1000_with_an_int64_skiptoken(exact, api):
    exact.insert_records(D1, "crm/Accounts", [{"Name": f"Veel {n}"} for n in range(1005)])
    page = sync(api, "sync/CRM/Accounts", 1)
    assert len(page["results"]) == 1000
    assert "$skiptoken=" in page["__next"] and page["__next"].endswith("L")
    rest = api.get_url(page["__next"]).json()["d"]
    assert len(rest["results"]) == 8 and "__next" not in rest
    assert rest["results"][0]["Timestamp"] > page["results"][-1]["Timestamp"]


def test_bulk_pages_by_1000(exact, api):
    exact.insert_records(D1, "crm/Accounts", [{"Name": f"Bulk {n}"} for n in range(1001)])
    page = api.one("bulk/CRM/Accounts", **{"$select": "ID,Name"})
    assert len(page["results"]) == 1000 and "__next" in page
    standard = api.one("crm/Accounts", **{"$select": "ID"})
    assert len(standard["results"]) == 60


def test_sync_of_orders_invoices_and_stock(api):
    order = api.post(
        "salesorder/SalesOrders",
        {
            "OrderedBy": account_id("1"),
            "SalesOrderLines": [
                {"Item": item_id("MUG"), "Quantity": 1},
                {"Item": item_id("TSHIRT-RED")},
            ],
        },
    ).json()["d"]
    headers = sync(api, "sync/SalesOrder/SalesOrderHeaders", 1, select="OrderID,OrderNumber,Status")
    assert [row["OrderID"] for row in headers["results"]] == [order["OrderID"]]
    lines = sync(api, "sync/SalesOrder/SalesOrderLines", 1, select="OrderID,Item,Status")
    assert len(lines["results"]) == 2 and lines["results"][0]["Status"] == 12
    invoice = api.post(
        "salesinvoice/SalesInvoices",
        {
            "Journal": "70",
            "OrderedBy": account_id("1"),
            "SalesInvoiceLines": [{"Item": item_id("MUG")}, {"Item": item_id("BOOK-NL")}],
        },
    ).json()["d"]
    rows = sync(
        api, "sync/SalesInvoice/SalesInvoices", 1, select="InvoiceID,InvoiceNumber,Item,LineNumber"
    )["results"]
    assert [(row["InvoiceNumber"], row["LineNumber"]) for row in rows] == [
        (invoice["InvoiceNumber"], 1),
        (invoice["InvoiceNumber"], 2),
    ]
    stock = sync(api, "sync/Inventory/StockPositions", 1, select="ItemId,CurrentStock,PlanningOut")
    tshirt = [row for row in stock["results"] if row["ItemId"] == item_id("TSHIRT-RED")]
    assert tshirt and tshirt[-1]["PlanningOut"] == 1
