"""Sales invoice types 8020/8021/8023/8024: type, warehouse and sign rules, totals, numbering,
processing, receivables with the right sign, direct-invoice stock movement, sync/bulk views."""

from __future__ import annotations

from decimal import Decimal

import pytest
import requests

from tests.support.exact_emulator import D1, account_id, error_message, item_id, seed_id

INVOICES = "salesinvoice/SalesInvoices"
LINES = "salesinvoice/SalesInvoiceLines"
PRINTED = "salesinvoice/PrintedSalesInvoices"
MAIN = seed_id("inventory/Warehouses", "1")
EXTERNAL = seed_id("inventory/Warehouses", "2")
TSHIRT = item_id("TSHIRT-RED")  # stock item, 100 in warehouse 1, 19.95, VAT 21
MUG = item_id("MUG")  # stock item, 8.50, VAT 21
GIFTCARD = item_id("GIFTCARD")  # not a stock item


def dec(value) -> Decimal:
    return Decimal(str(value))


def body(invoice_type: int | None = None, lines=None, **header) -> dict:
    result = {
        "Journal": "70",
        "OrderedBy": account_id("1"),
        "SalesInvoiceLines": lines or [{"Item": MUG, "Quantity": 2}],
        **header,
    }
    if invoice_type is not None:
        result["Type"] = invoice_type
    return result


def post(api, invoice_type: int | None = None, lines=None, **header):
    return api.post(INVOICES, body(invoice_type, lines, **header))


def create(api, invoice_type: int | None = None, lines=None, **header) -> dict:
    response = post(api, invoice_type, lines, **header)
    assert response.status_code == 201, response.text
    return response.json()["d"]


def process(api, invoice: dict) -> dict:
    """Process the invoice; returns it as read afterwards (numbered at printing by default)."""
    response = api.post(PRINTED, {"InvoiceID": invoice["InvoiceID"]})
    assert response.status_code == 201, response.text
    return api.one(f"{INVOICES}(guid'{invoice['InvoiceID']}')")


def current_stock(api, item: str, warehouse: str) -> Decimal | None:
    rows = api.rows(
        "inventory/ItemWarehouses",
        **{"$filter": f"Item eq guid'{item}' and Warehouse eq guid'{warehouse}'"},
    )
    return dec(rows[0]["CurrentStock"]) if rows else None


def in_stock(api, item: str) -> Decimal:
    return dec(api.one("read/logistics/StockPosition", itemId=f"guid'{item}'")[0]["InStock"])


def receivable(api, invoice: dict) -> dict:
    rows = api.rows(
        "cashflow/Receivables",
        **{
            "$select": "AmountDC,TransactionAmountDC,IsFullyPaid,Status,InvoiceNumber",
            "$filter": f"EntryID eq guid'{invoice['InvoiceID']}'",
        },
    )
    assert len(rows) == 1
    return rows[0]


# -- Type ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoice_type", "warehouse", "quantity", "description"),
    [
        (None, None, 2, "Normal"),  # Exact's own word for 8020 (E7)
        (8020, None, 2, "Normal"),
        (8021, None, -2, "Sales credit note"),
        (8023, MAIN, 2, "Direct sales invoice"),
        (8024, MAIN, -2, "Direct credit note"),
    ],
)
def test_the_four_types_are_accepted(api, invoice_type, warehouse, quantity, description):
    header = {} if warehouse is None else {"Warehouse": warehouse}
    invoice = create(api, invoice_type, [{"Item": MUG, "Quantity": quantity}], **header)
    assert invoice["Type"] == (invoice_type or 8020)
    assert invoice["TypeDescription"] == description
    assert invoice["Warehouse"] == warehouse
    assert invoice["Status"] == 20


@pytest.mark.parametrize("edition", ["accounting", "wholesale", "manufacturing"])
def test_direct_types_exist_only_in_trade_and_manufacturing_editions(
    exact, api, monkeypatch, edition
):
    monkeypatch.setattr(exact.config, "edition", edition)
    before = len(api.rows(INVOICES))
    for invoice_type, quantity in ((8023, 2), (8024, -2)):
        response = post(api, invoice_type, [{"Item": MUG, "Quantity": quantity}], Warehouse=MAIN)
        if edition == "accounting":
            assert response.status_code == 500, response.text
            assert error_message(response) == "Ongeldig: Type"
        else:
            assert response.status_code == 201, response.text
    assert create(api, 8020, [{"Item": MUG, "Quantity": 1}])["Type"] == 8020
    expected = before + (1 if edition == "accounting" else 3)
    assert len(api.rows(INVOICES)) == expected, "a refused type stores nothing"


@pytest.mark.parametrize("invoice_type", [8022, 8025, 20, 21, 0, -8020])
def test_other_types_are_refused(api, invoice_type):
    response = post(api, invoice_type, Warehouse=MAIN)
    assert response.status_code == 500
    message = error_message(response)
    assert f"Type: {invoice_type} is not a valid invoice type" in message
    assert "8020" in message and "8024" in message


def test_type_must_be_a_json_number(api):
    assert post(api, "8021").status_code == 400  # type: ignore[arg-type]


def test_type_cannot_change_after_creation(api):
    invoice = create(api)
    url = f"{INVOICES}(guid'{invoice['InvoiceID']}')"
    change = api.put(url, {"Type": 8021})
    assert change.status_code == 500
    assert "Type cannot be changed" in error_message(change)
    assert api.put(url, {"Type": 8020, "Description": "same type"}).status_code == 204


# -- Warehouse -------------------------------------------------------------------------------


@pytest.mark.parametrize(("invoice_type", "quantity"), [(8023, 2), (8024, -2)])
def test_direct_types_need_a_warehouse(api, invoice_type, quantity):
    lines = [{"Item": MUG, "Quantity": quantity}]
    for response in (
        post(api, invoice_type, lines),
        post(api, invoice_type, lines, Warehouse=None),
    ):
        assert response.status_code == 500
        assert error_message(response).startswith("Verplicht: Magazijn")


def test_direct_invoice_with_an_unknown_warehouse_is_refused(api):
    missing = "00000000-0000-0000-0000-000000000001"
    response = post(api, 8023, Warehouse=missing)
    assert response.status_code == 500
    assert error_message(response) == "Ongeldige referentie: Magazijn"


@pytest.mark.parametrize(("invoice_type", "quantity"), [(None, 2), (8020, 2), (8021, -2)])
def test_normal_types_refuse_a_warehouse(api, invoice_type, quantity):
    response = post(api, invoice_type, [{"Item": MUG, "Quantity": quantity}], Warehouse=MAIN)
    assert response.status_code == 500
    assert error_message(response) == "Ongeldig: Magazijn"


def test_warehouse_rules_hold_on_put(api):
    normal = create(api)
    direct = create(api, 8023, Warehouse=MAIN)
    normal_url = f"{INVOICES}(guid'{normal['InvoiceID']}')"
    direct_url = f"{INVOICES}(guid'{direct['InvoiceID']}')"
    set_on_normal = api.put(normal_url, {"Warehouse": MAIN})
    assert set_on_normal.status_code == 500
    assert error_message(set_on_normal) == "Ongeldig: Magazijn"
    cleared = api.put(direct_url, {"Warehouse": None})
    assert cleared.status_code == 500
    assert error_message(cleared).startswith("Verplicht: Magazijn")
    assert api.put(direct_url, {"Warehouse": EXTERNAL}).status_code == 204
    assert api.one(direct_url)["Warehouse"] == EXTERNAL


# -- Quantity signs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoice_type", "warehouse", "quantity", "word"),
    [
        (8020, None, -1, "cannot be negative"),
        (8023, MAIN, -1, "cannot be negative"),
        (8021, None, 1, "must be negative"),
        (8024, MAIN, 1, "must be negative"),
        (8021, None, None, "must be negative"),  # Quantity defaults to 1
        (8024, MAIN, None, "must be negative"),
    ],
)
def test_wrong_quantity_sign_is_refused(api, invoice_type, warehouse, quantity, word):
    line = {"Item": MUG} if quantity is None else {"Item": MUG, "Quantity": quantity}
    header = {} if warehouse is None else {"Warehouse": warehouse}
    # the second line is fine: one wrong line refuses the whole document
    good = {"Item": MUG, "Quantity": -1 if invoice_type in (8021, 8024) else 1}
    response = post(api, invoice_type, [good, line], **header)
    assert response.status_code == 500
    assert word in error_message(response)
    assert api.rows(INVOICES) == []


@pytest.mark.parametrize(("invoice_type", "warehouse"), [(8020, None), (8021, None), (8024, MAIN)])
def test_zero_quantity_is_accepted_on_every_type(api, invoice_type, warehouse):
    header = {} if warehouse is None else {"Warehouse": warehouse}
    invoice = create(api, invoice_type, [{"Item": MUG, "Quantity": 0}], **header)
    assert dec(invoice["AmountFC"]) == 0


def test_line_endpoint_checks_the_sign_of_its_invoice(api):
    credit = create(api, 8021, [{"Item": MUG, "Quantity": -1}])
    wrong = api.post(LINES, {"InvoiceID": credit["InvoiceID"], "Item": MUG, "Quantity": 1})
    assert wrong.status_code == 500
    assert "must be negative" in error_message(wrong)
    right = api.post(LINES, {"InvoiceID": credit["InvoiceID"], "Item": MUG, "Quantity": -3})
    assert right.status_code == 201, right.text
    header = api.one(f"{INVOICES}(guid'{credit['InvoiceID']}')")
    assert dec(header["AmountFCExclVat"]) == Decimal("-34.00")
    invoice = create(api, 8020)
    line = api.rows(LINES, **{"$filter": f"InvoiceID eq guid'{invoice['InvoiceID']}'"})[0]
    negative = api.put(f"{LINES}(guid'{line['ID']}')", {"Quantity": -1})
    assert negative.status_code == 500
    assert "cannot be negative" in error_message(negative)


# -- Totals and numbering --------------------------------------------------------------------


def test_credit_note_totals_and_vat_per_line_mirror_the_invoice(api):
    lines = [
        {"Item": MUG, "Quantity": 2},  # 17.00, VAT 3.57
        {"Item": TSHIRT, "Quantity": 1, "UnitPrice": 0.50},  # VAT 0.105 -> 0.11
    ]
    credit_lines = [{**line, "Quantity": -line["Quantity"]} for line in lines]
    invoice = create(api, 8020, lines)
    credit = create(api, 8021, credit_lines)
    rows = api.rows(
        LINES, **{"$filter": f"InvoiceID eq guid'{credit['InvoiceID']}'", "$orderby": "LineNumber"}
    )
    assert [dec(row["Quantity"]) for row in rows] == [Decimal("-2"), Decimal("-1")]
    assert [dec(row["AmountFC"]) for row in rows] == [Decimal("-17.00"), Decimal("-0.50")]
    assert [dec(row["VATAmountFC"]) for row in rows] == [Decimal("-3.57"), Decimal("-0.11")]
    assert [dec(row["UnitPrice"]) for row in rows] == [Decimal("8.5"), Decimal("0.5")]
    for field_name in ("AmountFCExclVat", "VATAmountFC", "AmountFC", "AmountDC"):
        assert dec(credit[field_name]) == -dec(invoice[field_name])
    assert dec(credit["AmountFC"]) == Decimal("-21.18")


def test_all_types_share_the_journal_number_range(exact, api, monkeypatch):
    monkeypatch.setattr(exact.config, "invoice_number_at", "entry")  # numbered when created
    yy = exact.state.clock.local_now().year % 100
    numbers = [
        create(api, 8020)["InvoiceNumber"],
        create(api, 8021, [{"Item": MUG, "Quantity": -1}])["InvoiceNumber"],
        create(api, 8023, Warehouse=MAIN)["InvoiceNumber"],
        create(api, 8024, [{"Item": MUG, "Quantity": -1}], Warehouse=MAIN)["InvoiceNumber"],
        create(api, 8021, [{"Item": MUG, "Quantity": -1}], Journal="71")["InvoiceNumber"],
    ]
    assert numbers == [int(f"{yy:02d}70000{n}") for n in (1, 2, 3, 4)] + [int(f"{yy:02d}710001")]
    refused = post(api, 8021, [{"Item": MUG, "Quantity": 1}])
    assert refused.status_code == 500
    assert create(api, 8020)["InvoiceNumber"] == int(f"{yy:02d}700005")  # no gap


# -- Processing and receivables --------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoice_type", "warehouse", "quantity", "amount"),
    [
        (8020, None, 2, "20.57"),
        (8021, None, -2, "-20.57"),
        (8023, MAIN, 2, "20.57"),
        (8024, MAIN, -2, "-20.57"),
    ],
)
def test_processing_books_a_receivable_with_the_sign_of_the_type(
    api, invoice_type, warehouse, quantity, amount
):
    header = {} if warehouse is None else {"Warehouse": warehouse}
    invoice = create(api, invoice_type, [{"Item": MUG, "Quantity": quantity}], **header)
    assert api.rows("cashflow/Receivables", **{"$select": "ID"}) == []  # nothing while open
    invoice = process(api, invoice)
    processed = api.one(f"{INVOICES}(guid'{invoice['InvoiceID']}')")
    assert processed["Status"] == 50 and processed["StatusDescription"] == "Processed"
    row = receivable(api, invoice)
    assert dec(row["AmountDC"]) == Decimal(amount)
    assert dec(row["TransactionAmountDC"]) == Decimal(amount)
    assert row["InvoiceNumber"] == invoice["InvoiceNumber"]
    assert row["IsFullyPaid"] is False and row["Status"] == 20
    again = api.post(PRINTED, {"InvoiceID": invoice["InvoiceID"]})
    assert again.status_code == 500


def test_receivables_list_credit_notes_as_negative_open_items(exact, api):
    invoice = create(api, 8020)
    credit = create(api, 8021, [{"Item": MUG, "Quantity": -1}], YourRef="refund-1")
    invoice = process(api, invoice)
    credit = process(api, credit)
    negative = api.rows(
        "cashflow/Receivables",
        **{"$select": "InvoiceNumber,AmountDC,YourRef", "$filter": "AmountDC lt 0"},
    )
    assert [(row["InvoiceNumber"], row["YourRef"]) for row in negative] == [
        (credit["InvoiceNumber"], "refund-1")
    ]
    assert dec(negative[0]["AmountDC"]) == Decimal("-10.29")
    bulk = api.one("bulk/Cashflow/Receivables", **{"$select": "InvoiceNumber,AmountDC"})
    amounts = {row["InvoiceNumber"]: dec(row["AmountDC"]) for row in bulk["results"]}
    assert amounts == {
        invoice["InvoiceNumber"]: Decimal("20.57"),
        credit["InvoiceNumber"]: Decimal("-10.29"),
    }


def test_a_credit_note_is_refunded_with_negative_payments(exact, api):
    credit = create(api, 8021, [{"Item": MUG, "Quantity": -2}])
    credit = process(api, credit)
    with pytest.raises(requests.HTTPError) as refused:  # a positive payment does not fit
        exact.pay_invoice(D1, credit["InvoiceNumber"], "5.00")
    assert refused.value.response.status_code == 400
    exact.pay_invoice(D1, credit["InvoiceNumber"], "-5.00")
    part = receivable(api, credit)
    assert dec(part["AmountDC"]) == Decimal("-15.57") and part["IsFullyPaid"] is False
    exact.pay_invoice(D1, credit["InvoiceNumber"])
    done = receivable(api, credit)
    assert dec(done["AmountDC"]) == 0 and done["IsFullyPaid"] is True and done["Status"] == 50


# -- Stock -----------------------------------------------------------------------------------


def test_direct_invoice_takes_stock_out_of_its_warehouse_when_processed(api):
    invoice = create(
        api,
        8023,
        [{"Item": TSHIRT, "Quantity": 3}, {"Item": GIFTCARD, "Quantity": 1}],
        Warehouse=MAIN,
    )
    assert current_stock(api, TSHIRT, MAIN) == 100  # open: not delivered yet
    assert in_stock(api, TSHIRT) == 100
    invoice = process(api, invoice)
    assert current_stock(api, TSHIRT, MAIN) == 97
    assert in_stock(api, TSHIRT) == 97
    assert dec(api.one(f"logistics/Items(guid'{TSHIRT}')")["Stock"]) == 97
    assert current_stock(api, GIFTCARD, MAIN) is None  # no stock row for a non-stock item


def test_direct_credit_note_returns_goods_into_its_warehouse(api):
    credit = create(api, 8024, [{"Item": TSHIRT, "Quantity": -2}], Warehouse=EXTERNAL)
    assert current_stock(api, TSHIRT, EXTERNAL) is None
    credit = process(api, credit)
    assert current_stock(api, TSHIRT, EXTERNAL) == 2
    assert current_stock(api, TSHIRT, MAIN) == 100
    assert in_stock(api, TSHIRT) == 102


def test_stock_leaves_the_warehouse_set_at_processing_time(api):
    invoice = create(api, 8023, [{"Item": TSHIRT, "Quantity": 4}], Warehouse=MAIN)
    url = f"{INVOICES}(guid'{invoice['InvoiceID']}')"
    assert api.put(url, {"Warehouse": EXTERNAL}).status_code == 204
    invoice = process(api, invoice)
    assert current_stock(api, TSHIRT, MAIN) == 100
    assert current_stock(api, TSHIRT, EXTERNAL) == -4  # negative stock is not refused


def test_deleting_an_open_direct_invoice_moves_no_stock(api):
    invoice = create(api, 8023, [{"Item": TSHIRT, "Quantity": 5}], Warehouse=MAIN)
    assert api.delete(f"{INVOICES}(guid'{invoice['InvoiceID']}')").status_code == 204
    assert current_stock(api, TSHIRT, MAIN) == 100


@pytest.mark.parametrize("invoice_type", [8020, 8021])
def test_normal_invoices_and_credit_notes_move_no_stock(api, invoice_type):
    quantity = -3 if invoice_type == 8021 else 3
    invoice = create(api, invoice_type, [{"Item": TSHIRT, "Quantity": quantity}])
    invoice = process(api, invoice)
    assert current_stock(api, TSHIRT, MAIN) == 100
    assert in_stock(api, TSHIRT) == 100


# -- Sync and bulk ---------------------------------------------------------------------------


def test_sync_and_bulk_views_carry_type_and_warehouse(api):
    direct = create(api, 8023, [{"Item": TSHIRT, "Quantity": 1}], Warehouse=MAIN)
    credit = create(api, 8024, [{"Item": TSHIRT, "Quantity": -1}], Warehouse=EXTERNAL)
    rows = api.one(
        "sync/SalesInvoice/SalesInvoices",
        **{
            "$select": "InvoiceID,Type,Warehouse,Quantity,AmountFC,Timestamp",
            "$filter": "Timestamp gt 1L",
        },
    )["results"]
    seen = {row["InvoiceID"]: row for row in rows}
    assert seen[direct["InvoiceID"]]["Type"] == 8023
    assert seen[direct["InvoiceID"]]["Warehouse"] == MAIN
    assert seen[credit["InvoiceID"]]["Type"] == 8024
    assert dec(seen[credit["InvoiceID"]]["Quantity"]) == -1
    assert dec(seen[credit["InvoiceID"]]["AmountFC"]) == Decimal("-19.95")  # line, excl. VAT
    bulk = api.one(
        "bulk/SalesInvoice/SalesInvoices",
        **{"$select": "InvoiceID,Type,Warehouse", "$filter": "Type eq 8024"},
    )["results"]
    assert [(row["InvoiceID"], row["Type"], row["Warehouse"]) for row in bulk] == [
        (credit["InvoiceID"], 8024, EXTERNAL)
    ]
    process(api, direct)
    stock = api.one(
        "sync/Inventory/StockPositions",
        **{"$select": "ItemId,Warehouse,CurrentStock", "$filter": "Timestamp gt 1L"},
    )["results"]
    main_rows = [row for row in stock if row["ItemId"] == TSHIRT and row["Warehouse"] == MAIN]
    assert main_rows and dec(main_rows[-1]["CurrentStock"]) == 99


def test_null_type_means_a_sales_invoice(api):
    assert create(api, None, Type=None)["Type"] == 8020


@pytest.mark.parametrize("no_logistics", ["forbidden", "empty"])  # UNCONFIRMED at Exact
def test_an_edition_without_logistics_has_no_warehouses_or_stock(
    exact, api, monkeypatch, no_logistics
):
    assert api.rows("inventory/Warehouses"), "the seed's wholesale division keeps stock"
    monkeypatch.setattr(exact.config, "edition", "accounting")
    monkeypatch.setattr(exact.config, "no_logistics", no_logistics)
    for path in ("inventory/Warehouses", "inventory/ItemWarehouses"):
        answer = api.get(path)
        if no_logistics == "forbidden":
            assert answer.status_code == 403, (path, answer.text)
        else:
            assert answer.status_code == 200 and answer.json()["d"]["results"] == []
    stock = api.get("read/logistics/StockPosition", itemId=f"guid'{MUG}'")
    assert stock.status_code == (403 if no_logistics == "forbidden" else 200)
    assert api.rows("logistics/Items"), "items exist in every edition"
