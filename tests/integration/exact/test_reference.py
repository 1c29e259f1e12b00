"""Reference data and the item cache: few calls, kept current through the sync endpoints."""

import pytest

from sidecar.exact.client import ExactClient
from sidecar.exact.connect import options
from sidecar.exact.reference import ReferenceData
from tests.support.exact import oauth_dance

DIVISION = 100001


@pytest.fixture
def ref(client, exact_runtime, exact, live, shop) -> ReferenceData:
    oauth_dance(client, live, division=DIVISION)
    return ReferenceData(ExactClient(exact_runtime, shop.id))


def test_lists_load_once_and_answer_by_code(ref, exact) -> None:
    before = exact.count_calls("GET", "vat/VATCodes")
    assert ref.lookup("vat_codes", "21")["Percentage"] in (0.21, "0.21", 21, "21")
    assert ref.lookup("vat_codes", " 9 ") is not None
    assert ref.lookup("vat_codes", "NOPE") is None
    assert ref.lookup("journals", "70")["ID"]
    assert exact.count_calls("GET", "vat/VATCodes") - before == 1


def test_exacts_padded_codes_are_kept_trimmed(ref, exact_runtime, shop) -> None:
    # Exact answers VAT codes padded to their char(3) column ("21 ") and countries as "NL ".
    assert ref.lookup("vat_codes", "21")["Code"] == "21"
    codes = [row["Code"] for row in options(exact_runtime, shop.id, refresh=True)["vat_codes"]]
    assert "21" in codes and all(code == code.strip() for code in codes), codes


def test_items_come_from_the_sync_endpoint_then_from_the_cache(ref, exact) -> None:
    found = ref.items(["TSHIRT-RED", "MUG"])
    assert set(found) == {"TSHIRT-RED", "MUG"} and found["MUG"]["ID"]
    syncs = exact.count_calls("GET", "sync/Logistics/Items")
    lookups = exact.count_calls("GET", "logistics/Items")
    assert syncs >= 1 and lookups == 0, "known codes need no lookup"
    again = ref.items(["MUG"])
    assert again["MUG"] == found["MUG"]
    assert exact.count_calls("GET", "sync/Logistics/Items") == syncs, "sync at most every 5 min"


def test_unknown_codes_cost_one_batched_lookup_then_are_remembered(ref, exact) -> None:
    ref.items(["MUG"])
    exact.insert_record(DIVISION, "logistics/Items", {"Code": "NEW-1", "Description": "Nieuw"})
    found = ref.items(["NEW-1", "GHOST-1", "GHOST-2"])
    assert set(found) == {"NEW-1"}
    assert exact.count_calls("GET", "logistics/Items") == 1, "one lookup for all unknown codes"
    assert ref.items(["GHOST-1", "GHOST-2", "NEW-1"]) == found
    assert exact.count_calls("GET", "logistics/Items") == 1, "misses are remembered for a while"


def test_item_sync_picks_up_changes_and_deletions(ref, exact, exact_runtime) -> None:
    ref.items(["MUG"])
    client = ExactClient(exact_runtime, ref.client.shop_id)
    created = client.create("logistics/Items", {"Code": "SYNCED-1", "Description": "Via sync"})
    assert ref.sync_items(force=True) >= 1
    assert "SYNCED-1" in ref.items(["SYNCED-1"])
    from sidecar.exact import odata

    client.delete("logistics/Items", odata.guid(created["ID"]))
    ref.sync_items(force=True)
    assert exact_runtime.redis.hget(ref._key("items"), "SYNCED-1") is None
