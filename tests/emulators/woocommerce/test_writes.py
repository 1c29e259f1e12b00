"""Writing back: status, meta and notes round trips, WooCommerce's side effects, batch."""

from __future__ import annotations

import requests

from tests.support.woo_emulator import error


def put(api, woo, order_id: int, body: dict) -> requests.Response:
    return api.put(woo.api_url(f"orders/{order_id}"), json=body)


def test_status_change_bumps_modified_adds_a_note_and_dates(woo, api):
    before = woo.order(62)
    woo.advance_clock(60)
    response = put(api, woo, 62, {"status": "completed"})
    assert response.status_code == 200
    order = response.json()
    assert order["status"] == "completed"
    assert order["date_modified_gmt"] > before["date_modified_gmt"]
    assert order["date_completed_gmt"] == order["date_modified_gmt"]
    assert order["date_paid_gmt"] == before["date_paid_gmt"]  # already paid: unchanged
    notes = woo.notes(62)
    assert [n["note"] for n in notes] == ["Order status changed from Processing to Completed."]
    assert notes[0]["author"] == "system" and notes[0]["customer_note"] is False


def test_same_status_adds_no_note_but_still_saves(woo, api):
    woo.advance_clock(5)
    order = put(api, woo, 62, {"status": "processing"}).json()
    assert woo.notes(62) == []
    assert order["date_modified_gmt"] > "2026-11-21T15:00:08"  # every save moves date_modified


def test_unknown_status_is_a_400(woo, api):
    response = put(api, woo, 62, {"status": "shipped"})
    body = error(response)
    assert response.status_code == 400
    assert body["code"] == "rest_invalid_param"
    assert body["data"]["params"]["status"].startswith("status is not one of pending, processing")
    assert "wc-completed" not in body["data"]["params"]["status"]
    assert woo.order(62)["status"] == "processing"
    assert put(api, woo, 62, {"status": "wc-completed"}).status_code == 400


def test_meta_add_replace_delete(woo, api):
    sync = [
        {"key": "_exact_sync_state", "value": "posted"},
        {"key": "_exact_document_type", "value": "sales_invoice"},
        {"key": "_exact_document_number", "value": "25000123"},
    ]
    order = put(api, woo, 15, {"meta_data": sync}).json()
    meta = {m["key"]: m for m in order["meta_data"]}
    assert meta["_exact_sync_state"]["id"] == 4  # replaced in place, same meta id
    assert meta["_exact_sync_state"]["value"] == "posted"
    assert woo.meta(15)["_exact_document_number"] == "25000123"
    put(api, woo, 15, {"meta_data": [{"key": "_exact_document_number", "value": None}]})
    assert "_exact_document_number" not in woo.meta(15)
    assert woo.meta(15)["_exact_document_type"] == "sales_invoice"


def test_meta_by_id_and_structured_values(woo, api):
    order = put(api, woo, 15, {"meta_data": [{"id": 4, "key": "_exact_error", "value": "x"}]})
    keys = [m["key"] for m in order.json()["meta_data"]]
    assert keys == ["_exact_error"]  # meta 4 renamed, not added
    value = {"message": "Map payment method 'bacs'", "fields": ["payment"]}
    put(api, woo, 15, {"meta_data": [{"key": "_exact_resolution", "value": value}]})
    assert woo.meta(15)["_exact_resolution"] == value


def test_duplicate_meta_keys_collapse_to_the_first(woo, api):
    woo.patch_order(15, meta_data=[{"key": "dup", "value": "a"}])
    woo.state.orders[15].meta.append({"id": 999, "key": "dup", "value": "b"})
    put(api, woo, 15, {"meta_data": [{"key": "dup", "value": "c"}]})
    dups = [m for m in woo.order(15)["meta_data"] if m["key"] == "dup"]
    assert [m["value"] for m in dups] == ["c"]


def test_bad_meta_data(woo, api):
    assert error(put(api, woo, 15, {"meta_data": "x"}))["code"] == "rest_invalid_param"
    assert error(put(api, woo, 15, {"meta_data": [{"value": "x"}]}))["code"] == "rest_invalid_param"


def test_set_paid_only_acts_from_unpaid_statuses(woo, api):
    woo.patch_order(62, status="on-hold")
    order = put(api, woo, 62, {"set_paid": True}).json()
    assert order["status"] == "processing"
    assert put(api, woo, 62, {"set_paid": "yes"}).status_code == 400


def test_put_on_a_missing_order_is_400_and_invalid_json_too(woo, api):
    body = error(put(api, woo, 999, {"status": "completed"}))
    assert body["code"] == "woocommerce_rest_shop_order_invalid_id"
    assert body["data"]["status"] == 400
    broken = api.put(
        woo.api_url("orders/15"), data="{nope", headers={"Content-Type": "application/json"}
    )
    assert error(broken)["code"] == "rest_invalid_json"


def test_post_and_patch_also_update(woo, api):
    assert api.post(woo.api_url("orders/62"), json={"status": "on-hold"}).json()["status"] == (
        "on-hold"
    )
    assert api.patch(woo.api_url("orders/62"), json={"status": "completed"}).status_code == 200


def test_changing_lines_is_not_emulated(woo, api):
    response = put(api, woo, 62, {"line_items": []})
    assert response.status_code == 501
    assert error(response)["code"] == "emulator_not_implemented"


def test_notes_round_trip(woo, api):
    url = woo.api_url("orders/62/notes")
    woo.advance_clock(1)
    first = api.post(url, json={"note": "Exact Online: sales_invoice 25000123 created."})
    assert first.status_code == 201
    assert first.json()["customer_note"] is False and first.json()["author"] == "system"
    woo.advance_clock(1)
    second = api.post(url, json={"note": "Factuur volgt.", "customer_note": True})
    assert second.json()["customer_note"] is True
    listed = api.get(url).json()
    assert [n["id"] for n in listed] == [second.json()["id"], first.json()["id"]]  # newest first
    customer = api.get(url, params={"type": "customer"}).json()
    assert [n["note"] for n in customer] == ["Factuur volgt."]
    internal = api.get(url, params={"type": "internal"}).json()
    assert [n["note"] for n in internal] == ["Exact Online: sales_invoice 25000123 created."]
    one = api.get(woo.api_url(f"orders/62/notes/{first.json()['id']}"))
    assert one.json()["note"].startswith("Exact Online")


def test_a_note_does_not_move_date_modified(woo, api):
    before = woo.order(62)["date_modified_gmt"]
    woo.advance_clock(30)
    api.post(woo.api_url("orders/62/notes"), json={"note": "x"})
    assert woo.order(62)["date_modified_gmt"] == before


def test_note_validation(woo, api):
    url = woo.api_url("orders/62/notes")
    body = error(api.post(url, json={"customer_note": True}))
    assert body["code"] == "rest_missing_callback_param"
    assert body["message"] == "Missing parameter(s): note"
    assert error(api.post(url, json={"note": "x", "customer_note": "yes"}))["code"] == (
        "rest_invalid_param"
    )
    missing = error(api.post(woo.api_url("orders/999/notes"), json={"note": "x"}))
    assert missing == {
        "code": "woocommerce_rest_order_invalid_id",
        "message": "Invalid order ID.",
        "data": {"status": 404},
    }


def test_batch_update_with_per_item_errors(woo, api):
    body = {
        "update": [
            {"id": 62, "status": "completed"},
            {"id": 999, "status": "completed"},
            {"id": 67, "status": "bogus"},
            {"id": 73, "meta_data": [{"key": "_exact_sync_state", "value": "failed"}]},
        ]
    }
    response = api.post(woo.api_url("orders/batch"), json=body)
    assert response.status_code == 200
    update = response.json()["update"]
    assert list(response.json()) == ["update"]
    assert update[0]["status"] == "completed"
    assert update[1]["error"]["code"] == "woocommerce_rest_shop_order_invalid_id"
    assert update[2]["error"]["code"] == "rest_invalid_param"
    assert woo.meta(73)["_exact_sync_state"] == "failed"
    assert woo.order(67)["status"] == "processing"


def test_batch_over_100_items_is_413(woo, api):
    items = [{"id": 62, "status": "completed"}] * 60
    response = api.post(woo.api_url("orders/batch"), json={"update": items, "delete": [1] * 41})
    assert response.status_code == 413
    assert error(response) == {
        "code": "woocommerce_rest_request_entity_too_large",
        "message": "Unable to accept more than 100 items for this request.",
        "data": {"status": 413},
    }
    ok = api.post(woo.api_url("orders/batch"), json={"update": items[:100]})
    assert ok.status_code == 200


def test_batch_delete_and_create(woo, api):
    body = {"delete": [62, 999], "create": [{"status": "pending"}]}
    answer = api.post(woo.api_url("orders/batch"), json=body).json()
    assert answer["delete"][0]["id"] == 62
    assert answer["delete"][1]["error"]["data"]["status"] == 404
    assert answer["create"][0]["error"]["code"] == "emulator_not_implemented"
    assert 62 not in {o["id"] for o in woo.orders()}


def test_delete_trashes_then_410(woo, api):
    assert api.delete(woo.api_url("orders/62")).status_code == 200
    assert woo.order(62)["status"] == "trash"
    assert error(api.delete(woo.api_url("orders/62")))["code"] == "woocommerce_rest_already_trashed"
    assert api.delete(woo.api_url("orders/62"), params={"force": "true"}).status_code == 200
    assert 62 not in {o["id"] for o in woo.orders()}
