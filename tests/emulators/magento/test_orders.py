"""GET /V1/orders with searchCriteria: filters, sorting, paging limits, fields."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sidecar.emulators.magento.generator import check_arithmetic
from sidecar.emulators.woocommerce.jsonout import loads
from tests.support.magento_emulator import criteria

FIXTURE = Path(__file__).parents[2] / "data" / "fixtures" / "magento" / "order-nl-configurable.json"


def test_fixture_order_is_served_as_recorded(mage, api):
    raw = loads(FIXTURE.read_text())
    served = loads(api.get(mage.api_url("orders/1234")).text)
    assert served["grand_total"] == Decimal("104.96")
    assert served["subtotal"] == raw["subtotal"] and str(served["subtotal"]) == "90.00"
    assert served["items"] == raw["items"]
    assert served["extension_attributes"] == raw["extension_attributes"]
    assert check_arithmetic(served) == 0


def test_missing_order_and_bad_id(mage, api):
    missing = api.get(mage.api_url("orders/999"))
    assert missing.status_code == 404
    assert missing.json() == {
        "message": "The entity that was requested doesn't exist. Verify the entity and try again."
    }
    bad = api.get(mage.api_url("orders/abc"))
    assert bad.status_code == 400 and bad.json()["parameters"] == {"value": "abc", "type": "int"}


def test_search_criteria_is_required(mage, api):
    response = api.get(mage.api_url("orders"))
    assert response.status_code == 400
    assert response.json() == {
        "message": '"%fieldName" is required. Enter and try again.',
        "parameters": {"fieldName": "searchCriteria"},
    }


def test_page_size_above_300_is_refused(mage, api):
    response = api.get(mage.api_url("orders"), params=criteria(size=301))
    assert response.status_code == 400
    assert response.json() == {
        "message": "Maximum SearchCriteria pageSize is %max",
        "parameters": {"max": 300},
    }
    assert api.get(mage.api_url("orders"), params=criteria(size=300)).status_code == 200
    bad = api.get(mage.api_url("orders"), params=criteria(size="many"))
    assert bad.status_code == 400


def test_paging_total_count_and_the_last_page_repeating(mage, api):
    mage.generate_orders(45, seed=5)
    seen = []
    for page in (1, 2, 3):
        body = api.get(
            mage.api_url("orders"), params=criteria(size=20, page=page, sort="entity_id,ASC")
        ).json()
        assert body["total_count"] == 46
        assert body["search_criteria"]["page_size"] == 20
        seen += [item["entity_id"] for item in body["items"]]
    assert len(seen) == 46 == len(set(seen))
    past = api.get(mage.api_url("orders"), params=criteria(size=20, page=4, sort="entity_id,ASC"))
    assert [i["entity_id"] for i in past.json()["items"]] == seen[40:]  # the last page again
    default = api.get(mage.api_url("orders"), params=criteria()).json()
    assert len(default["items"]) == 20  # default pageSize with the input limits on


def test_updated_at_filter_and_sort(mage, api):
    ids = mage.generate_orders(30, seed=2, start="2026-10-01 00:00:00", end="2026-10-31 00:00:00")
    params = criteria(f0="updated_at,gteq,2026-10-15 00:00:00", sort="updated_at,ASC", size=100)
    items = api.get(mage.api_url("orders"), params=params).json()["items"]
    stamps = [item["updated_at"] for item in items]
    assert stamps == sorted(stamps) and all(s >= "2026-10-15 00:00:00" for s in stamps)
    assert 1234 in [i["entity_id"] for i in items]  # the fixture (2026-11-20) is later
    params = criteria(
        f0="updated_at,gteq,2026-10-15 00:00:00", f1="updated_at,lt,2026-11-01", size=100
    )
    window = api.get(mage.api_url("orders"), params=params).json()
    assert 1234 not in [i["entity_id"] for i in window["items"]]
    assert {i["entity_id"] for i in window["items"]} <= set(ids)


def test_dates_in_other_forms_are_refused(mage, api):
    for value in ("2026-10-15T00:00:00", "2026-10-15 00:00:00Z", "15-10-2026"):
        response = api.get(mage.api_url("orders"), params=criteria(f0=f"updated_at,gteq,{value}"))
        assert response.status_code == 400, value


def test_or_inside_a_group_and_across_groups(mage, api):
    mage.generate_orders(40, seed=9)
    params = criteria(f0="status,eq,processing", f0_1="status,eq,complete", size=100)
    statuses = {i["status"] for i in api.get(mage.api_url("orders"), params=params).json()["items"]}
    assert statuses == {"processing", "complete"}
    params = criteria(f0="status,in,processing,complete", f1="customer_is_guest,eq,1", size=100)
    items = api.get(mage.api_url("orders"), params=params).json()["items"]
    assert items and all(i["customer_is_guest"] == 1 for i in items)
    like = criteria(f0="customer_email,like,%@EXAMPLE.nl", size=100)
    assert api.get(mage.api_url("orders"), params=like).json()["total_count"] == 41


def test_unknown_field_and_condition(mage, api):
    assert api.get(mage.api_url("orders"), params=criteria(f0="nope,eq,1")).status_code == 500
    assert api.get(mage.api_url("orders"), params=criteria(f0="status,equals,x")).status_code == 400


def test_camel_case_criteria_and_fields(mage, api):
    params = {
        "searchCriteria[filterGroups][0][filters][0][field]": "increment_id",
        "searchCriteria[filterGroups][0][filters][0][value]": "000001234",
        "searchCriteria[pageSize]": "10",
        "fields": "items[entity_id,status,updated_at],total_count",
    }
    body = api.get(mage.api_url("orders"), params=params).json()
    assert body == {
        "items": [{"entity_id": 1234, "status": "processing", "updated_at": "2026-11-20 09:15:41"}],
        "total_count": 1,
    }


def test_generated_orders_add_up(mage, api):
    ids = mage.generate_orders(60, seed=4)
    for order_id in ids:
        order = loads(api.get(mage.api_url(f"orders/{order_id}")).text)
        assert check_arithmetic(order) == 0
        children = [i for i in order["items"] if "parent_item_id" in i]
        assert all(i["price"] == 0 for i in children)
