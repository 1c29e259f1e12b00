"""Reading orders: paging headers, argument validation, filters, sorting, fields."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import requests

from sidecar.emulators.woocommerce.jsonout import loads
from tests.support.woo_emulator import error

FIXTURE_IDS = {15, 62, 67, 73}
FIXTURES = Path(__file__).parents[2] / "data" / "fixtures" / "woocommerce"


def ids(response: requests.Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [order["id"] for order in response.json()]


def test_default_listing_is_ten_newest_first(woo, api):
    response = api.get(woo.api_url("orders"))
    assert ids(response) == [73, 67, 62, 15]
    assert response.headers["X-WP-Total"] == "4"
    assert response.headers["X-WP-TotalPages"] == "1"
    assert "Link" not in response.headers


def test_paging_headers_and_links(woo, api):
    woo.generate_orders(25, seed=7)
    first = api.get(woo.api_url("orders"), params={"per_page": 10, "orderby": "id", "order": "asc"})
    assert first.headers["X-WP-Total"] == "29"
    assert first.headers["X-WP-TotalPages"] == "3"
    assert set(first.links) == {"next"}
    assert "page=2" in first.links["next"]["url"]
    middle = api.get(woo.api_url("orders"), params={"per_page": 10, "page": 2, "orderby": "id"})
    assert set(middle.links) == {"prev", "next"}
    seen: list[int] = []
    for page in (1, 2, 3):
        response = api.get(
            woo.api_url("orders"),
            params={"per_page": 10, "page": page, "orderby": "id", "order": "asc"},
        )
        seen += ids(response)
    assert len(seen) == 29 and len(set(seen)) == 29
    assert seen == sorted(seen)
    past = api.get(woo.api_url("orders"), params={"per_page": 10, "page": 9})
    assert ids(past) == [] and past.headers["X-WP-Total"] == "29"


def test_per_page_above_100_is_a_400(woo, api):
    response = api.get(woo.api_url("orders"), params={"per_page": 101})
    body = error(response)
    assert response.status_code == 400
    assert body["code"] == "rest_invalid_param"
    assert body["message"] == "Invalid parameter(s): per_page"
    assert body["data"]["params"] == {
        "per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"
    }
    assert body["data"]["details"]["per_page"]["code"] == "rest_out_of_bounds"
    assert api.get(woo.api_url("orders"), params={"per_page": 100}).status_code == 200


def test_other_bad_arguments(woo, api):
    cases = {
        "per_page": "0",
        "page": "0",
        "order": "up",
        "orderby": "total",
        "modified_after": "2026-11-21",
        "dates_are_gmt": "maybe",
        "status": "shipped",
    }
    for name, value in cases.items():
        response = api.get(woo.api_url("orders"), params={name: value})
        assert response.status_code == 400, name
        assert name in error(response)["data"]["params"]
    both = error(api.get(woo.api_url("orders"), params={"per_page": "x", "page": "-1"}))
    assert set(both["data"]["params"]) == {"per_page", "page"}


def test_arguments_are_validated_before_the_permission_check(woo):
    response = requests.get(woo.api_url("orders"), params={"per_page": 500}, timeout=5)
    assert response.status_code == 400  # WordPress validates args, then runs permission_callback


def test_unknown_route_and_non_numeric_id(woo, api):
    for path in ("orders/abc", "ordersx", "orders/15/unknown"):
        body = error(api.get(woo.api_url(path)))
        assert body["code"] == "rest_no_route"
    assert error(api.delete(woo.api_url("orders/15/refunds")))["code"] == "rest_no_route"


def test_missing_order_is_404(woo, api):
    body = error(api.get(woo.api_url("orders/999")))
    assert body == {
        "code": "woocommerce_rest_shop_order_invalid_id",
        "message": "Invalid ID.",
        "data": {"status": 404},
    }


def test_fixture_order_comes_back_as_recorded(woo, api):
    order = api.get(woo.api_url("orders/15")).json()
    raw = loads(FIXTURES.joinpath("order-nl-two-rates-coupon-fee-refund.json").read_text())
    body = loads(api.get(woo.api_url("orders/15")).text)
    for key in ("total", "line_items", "tax_lines", "coupon_lines", "refunds", "billing"):
        assert body[key] == raw[key], key
    assert body["line_items"][1]["price"] == Decimal("18.577982")
    assert list(body) == list(raw)  # same keys in WooCommerce's order
    # The site runs in Europe/Amsterdam: GMT dates as recorded, local ones an hour later.
    assert order["date_created_gmt"] == "2026-11-21T14:44:06"
    assert order["date_created"] == "2026-11-21T15:44:06"
    assert order["_links"]["self"][0]["href"] == woo.api_url("orders/15")


def test_status_filter(woo, api):
    assert ids(api.get(woo.api_url("orders"), params={"status": "completed"})) == [15]
    assert set(ids(api.get(woo.api_url("orders"), params={"status": "processing"}))) == {62, 67, 73}
    both = api.get(woo.api_url("orders"), params={"status": "completed,processing"})
    assert set(ids(both)) == FIXTURE_IDS


def test_bracket_array_arguments_break_an_oauth_signature(woo, api):
    # PHP parses status[]=x into status[0]; WooCommerce signs "status%5B0%5D" while an RFC 5849
    # client signed "status%5B%5D": the real shop refuses it too. Send comma lists instead.
    listed = api.get(woo.api_url("orders"), params=[("status[]", "completed")])
    assert listed.status_code == 401
    assert "does not match" in error(listed)["message"]


def test_trashed_orders_only_with_status_trash(woo, api):
    assert api.delete(woo.api_url("orders/62")).status_code == 200
    assert 62 not in ids(api.get(woo.api_url("orders")))
    assert ids(api.get(woo.api_url("orders"), params={"status": "trash"})) == [62]


def test_modified_after_is_exclusive_and_gmt_on_request(woo, api):
    # Fixture times (GMT): 15 modified 14:44:07, 62 at 15:00:08, 67 at 15:00:20, 73 at 15:00:26.
    params = {"modified_after": "2026-11-21T15:00:08", "dates_are_gmt": "true"}
    assert set(ids(api.get(woo.api_url("orders"), params=params))) == {67, 73}
    params["modified_before"] = "2026-11-21T15:00:26"
    assert ids(api.get(woo.api_url("orders"), params=params)) == [67]


def test_without_dates_are_gmt_the_local_column_is_used(woo, api):
    # 15:00:08 read as Amsterdam local time is 14:00:08 GMT: every fixture order is later.
    params = {"modified_after": "2026-11-21T15:00:08"}
    assert set(ids(api.get(woo.api_url("orders"), params=params))) == {15, 62, 67, 73}
    params = {"modified_after": "2026-11-21T16:00:08"}
    assert set(ids(api.get(woo.api_url("orders"), params=params))) == {67, 73}


def test_a_zoned_value_is_shifted_to_site_time(woo, api):
    # WP_Date_Query turns "...Z" into Amsterdam wall time (16:00:08) and compares that with the
    # GMT column: an hour off. Send zone-less UTC with dates_are_gmt=true instead.
    params = {"modified_after": "2026-11-21T15:00:08Z", "dates_are_gmt": "true"}
    assert ids(api.get(woo.api_url("orders"), params=params)) == []


def test_after_filters_on_creation(woo, api):
    params = {"after": "2026-11-21T15:00:07", "dates_are_gmt": "1", "orderby": "id", "order": "asc"}
    assert ids(api.get(woo.api_url("orders"), params=params)) == [67, 73]


def test_modified_order_puts_fresh_changes_last(woo, api):
    api.put(woo.api_url("orders/15"), json={"meta_data": [{"key": "x", "value": "1"}]})
    params = {"orderby": "modified", "order": "asc"}
    assert ids(api.get(woo.api_url("orders"), params=params))[-1] == 15


def test_include_exclude_customer_product(woo, api):
    params = {"include": "62,15", "orderby": "include"}
    assert ids(api.get(woo.api_url("orders"), params=params)) == [62, 15]
    assert 15 not in ids(api.get(woo.api_url("orders"), params={"exclude": "15"}))
    assert set(ids(api.get(woo.api_url("orders"), params={"customer": 7}))) == {67}
    bean_buyers = set(ids(api.get(woo.api_url("orders"), params={"product": 14})))
    assert 73 in bean_buyers


def test_fields_trims_the_answer(woo, api):
    params = {"_fields": "id,status,date_modified_gmt,billing.email"}
    first = api.get(woo.api_url("orders"), params=params).json()[0]
    assert first == {
        "id": 73,
        "status": "processing",
        "date_modified_gmt": "2026-11-21T15:00:26",
        "billing": {"email": first["billing"]["email"]},
    }


def test_refunds_detail_and_amount_only_refunds(woo, api):
    detailed = api.get(woo.api_url("orders/73/refunds"))
    assert detailed.headers["X-WP-Total"] == "1"
    refund = detailed.json()[0]
    assert refund["id"] == 74 and refund["amount"] == "30.39"
    assert refund["line_items"][0]["quantity"] == -1
    assert refund["shipping_lines"][0]["total"] == "-4.50"
    amount_only = api.get(woo.api_url("orders/15/refunds")).json()
    assert amount_only[0]["amount"] == "10.00" and amount_only[0]["line_items"] == []
    order = api.get(woo.api_url("orders/73")).json()
    assert "refunds_detail" not in order
    assert order["refunds"] == [{"id": 74, "reason": refund["reason"], "total": "-30.39"}]
    assert api.get(woo.api_url("orders/73/refunds/74")).json()["id"] == 74
    assert error(api.get(woo.api_url("orders/999/refunds")))["code"] == (
        "woocommerce_rest_order_invalid_id"
    )
