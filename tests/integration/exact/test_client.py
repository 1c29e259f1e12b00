"""The HTTP client against the emulator: paging, every error class, metrics, options."""

from urllib.parse import unquote_plus

import pytest
import requests

from sidecar.exact import odata
from sidecar.exact.client import ExactClient, endpoint_name
from sidecar.exact.errors import ExactPermanent, ExactRetryable, NotConnected, RateLimited
from tests.support.exact import oauth_dance

DIVISION = 100001


@pytest.fixture
def connected(client, exact_runtime, exact, live, shop):  # noqa: ANN001, ANN201
    oauth_dance(client, live, division=DIVISION)
    return ExactClient(exact_runtime, shop.id)


def test_paging_follows_next_across_pages(connected, exact) -> None:
    existing = len(exact.records(DIVISION, "crm/Accounts"))
    exact.insert_records(
        DIVISION,
        "crm/Accounts",
        [{"Name": f"Klant {i:03d}", "Email": f"k{i}@example.nl"} for i in range(130)],
    )
    before = exact.count_calls("GET", "crm/Accounts")
    rows = list(connected.iterate("crm/Accounts", "ID,Name"))
    assert len(rows) == existing + 130
    assert len({r["ID"] for r in rows}) == len(rows), "no row twice, none skipped"
    pages = -(-(existing + 130) // 60)
    assert exact.count_calls("GET", "crm/Accounts") - before == pages


def test_filter_literals_find_what_they_should(connected, exact) -> None:
    exact.insert_record(DIVISION, "crm/Accounts", {"Name": "O'Brien & Zn", "Email": "ob@x.nl"})
    found = connected.first(
        "crm/Accounts", "ID,Name", f"Name eq {odata.string(chr(79) + chr(39) + 'Brien & Zn')}"
    )
    assert found["Name"] == "O'Brien & Zn"
    again = connected.first("crm/Accounts", "ID,Name", f"ID eq {odata.guid(found['ID'])}")
    assert again["ID"] == found["ID"]
    assert connected.first("crm/Accounts", "ID", "Name eq 'nobody'") is None


def test_create_update_delete_round_trip(connected, exact) -> None:
    created = connected.create("crm/Accounts", {"Name": "Bakkerij Jansen", "Status": "C"})
    assert created["ID"] and created["Name"] == "Bakkerij Jansen"
    assert created["Code"].strip(), "Exact assigns an 18-character account code"
    connected.update("crm/Accounts", odata.guid(created["ID"]), {"Email": "info@jansen.nl"})
    row = connected.first("crm/Accounts", "Email", f"ID eq {odata.guid(created['ID'])}")
    assert row["Email"] == "info@jansen.nl"
    connected.delete("crm/Accounts", odata.guid(created["ID"]))
    assert connected.first("crm/Accounts", "ID", f"ID eq {odata.guid(created['ID'])}") is None


def test_permanent_errors_carry_exacts_message(connected) -> None:
    # Exact refuses a record it validates with a 500 and its reason: not retried.
    with pytest.raises(ExactPermanent) as missing:
        connected.create("crm/Accounts", {"Email": "no-name@example.nl"})
    assert missing.value.status == 500 and "Verplicht: Naam" in missing.value.exact_message
    with pytest.raises(ExactPermanent) as unknown:
        connected.create("crm/Accounts", {"Name": "x", "Colour": "red"})
    assert "Colour" in unknown.value.exact_message
    with pytest.raises(ExactPermanent) as syntax:
        connected.first("crm/Accounts", "ID", "Name eq")
    assert syntax.value.status == 400


def test_a_validation_500_is_told_from_an_outage_500(connected, exact) -> None:
    """The same status, two meanings: Exact's reasons (several joined by CRLF) are a refusal;
    its generic text, or a body that is not Exact's error shape, is an outage."""
    exact.inject_fault(
        "status",
        "/api/v1/*/crm/Accounts",
        method="POST",
        status=500,
        message="Verplicht: Factuur voor\r\nOngeldige referentie: Besteld door",
    )
    with pytest.raises(ExactPermanent) as refused:
        connected.create("crm/Accounts", {"Name": "x"})
    assert (
        refused.value.exact_message == "Verplicht: Factuur voor; Ongeldige referentie: Besteld door"
    )
    exact.inject_fault("status", "/api/v1/*/crm/Accounts", method="POST", status=500)
    with pytest.raises(ExactRetryable) as outage:
        connected.create("crm/Accounts", {"Name": "x"})
    assert outage.value.status == 500
    exact.inject_fault("status", "/api/v1/*/crm/Accounts", method="POST", status=500, message="   ")
    with pytest.raises(ExactRetryable):
        connected.create("crm/Accounts", {"Name": "x"})


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_retryable_and_counted(connected, exact, exact_runtime, status) -> None:
    exact.inject_fault("status", "/api/v1/*/vat/VATCodes", status=status)
    with pytest.raises(ExactRetryable) as info:
        list(connected.iterate("vat/VATCodes", "Code"))
    assert info.value.status == status and info.value.counts is True
    text = requests.get(connected.rt.config.public_url + "/metrics", timeout=10).text
    assert f'sidecar_exact_calls_total{{endpoint="vat/VATCodes",status="{status}"}} 1.0' in text


def test_429_waits_until_exacts_reset_and_does_not_count(connected, exact) -> None:
    exact.inject_fault("status", "/api/v1/*/vat/VATCodes", status=429)
    with pytest.raises(ExactRetryable) as info:
        list(connected.iterate("vat/VATCodes", "Code"))
    assert info.value.status == 429 and info.value.counts is False
    assert 0 < info.value.seconds <= 61


def test_timeout_and_dropped_connection_are_retryable(connected, exact, monkeypatch) -> None:
    monkeypatch.setattr("sidecar.exact.client.TIMEOUT", (2, 0.5))
    exact.inject_fault("latency", "/api/v1/*/vat/VATCodes", delay=2)
    with pytest.raises(ExactRetryable, match="in time"):
        list(connected.iterate("vat/VATCodes", "Code"))
    exact.inject_fault("drop_after_commit", "/api/v1/*/crm/Accounts", method="POST")
    with pytest.raises(ExactRetryable, match="unreachable"):
        connected.create("crm/Accounts", {"Name": "Half-committed BV"})
    # the write happened although we never heard: flows search before creating again
    assert connected.first("crm/Accounts", "ID", "Name eq 'Half-committed BV'") is not None


def test_not_connected_is_permanent_with_a_resolution(exact_runtime, shop) -> None:
    with pytest.raises(NotConnected) as info:
        list(ExactClient(exact_runtime, shop.id).iterate("vat/VATCodes", "Code"))
    assert "Connect Exact Online" in info.value.resolution


def test_options_lists_reference_data_once_then_from_cache(client, connected, exact) -> None:
    before = len(exact.request_log())
    first = client.get("/api/v1/shop/exact/options")
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["division"] == DIVISION
    assert {d["Code"] for d in body["divisions"]} >= {100001, 100002}
    assert {v["Code"].strip() for v in body["vat_codes"]} >= {"21", "9", "0"}
    for name in (
        "gl_accounts",
        "journals",
        "payment_conditions",
        "shipping_methods",
        "cost_centers",
        "cost_units",
        "item_groups",
        "warehouses",
    ):
        assert body[name], name
    used = len(exact.request_log()) - before
    assert used >= 10
    assert client.get("/api/v1/shop/exact/options").json() == body
    assert len(exact.request_log()) - before == used, "second call served from the cache"


def test_options_before_connecting_is_a_clear_409(client, exact_runtime) -> None:
    response = client.get("/api/v1/shop/exact/options")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_connected"


def test_endpoint_names_for_metrics() -> None:
    assert endpoint_name("https://h/api/v1/123/crm/Accounts(guid'x')?$select=ID") == (
        "crm/Accounts"
    )
    assert endpoint_name("/api/v1/current/Me") == "current/Me"
    assert endpoint_name("https://h/api/v1/9/bulk/CRM/Accounts?$skiptoken=guid'1'") == (
        "bulk/CRM/Accounts"
    )


def test_sync_endpoint_returns_changes_after_a_row_version(connected, exact) -> None:
    from sidecar.exact.resources import ACCOUNTS

    rows = list(connected.iterate_sync(ACCOUNTS.sync, "ID,Name", since=1))
    assert rows and all("Timestamp" in r for r in rows)
    cursor = max(int(r["Timestamp"]) for r in rows)
    assert list(connected.iterate_sync(ACCOUNTS.sync, "ID,Name", since=cursor)) == []
    created = connected.create("crm/Accounts", {"Name": "Nieuw BV"})
    changed = list(connected.iterate_sync(ACCOUNTS.sync, "ID,Name", since=cursor))
    assert [r["ID"] for r in changed] == [created["ID"]]
    log = [e for e in exact.request_log() if e["endpoint"] == "sync/CRM/Accounts"]
    assert log and all("Timestamp gt" in unquote_plus(str(e["query"])) for e in log)


@pytest.mark.parametrize("block_status", [403, 429])  # UNCONFIRMED at Exact: both are handled
def test_exacts_error_block_pauses_the_division_and_is_no_missing_right(
    connected, exact, monkeypatch, block_status
) -> None:
    monkeypatch.setattr(exact.config, "error_block_limit", 2)
    monkeypatch.setattr(exact.config, "error_block_status", block_status)
    for _ in range(3):  # three 404s on one endpoint: Exact blocks it for the app
        with pytest.raises(ExactPermanent):
            connected.send(
                "GET", connected.url("crm/Accounts(guid'00000000-0000-0000-0000-000000000001')")
            )
    with pytest.raises(RateLimited) as blocked:
        connected.first("crm/Accounts", "ID", "Name eq 'x'")
    assert blocked.value.seconds == 3600 and blocked.value.counts is False
    assert blocked.value.not_sent, "a blocked create did not happen"
    sent = exact.count_calls()
    with pytest.raises(RateLimited) as waiting:
        connected.first("logistics/Items", "ID", "Code eq 'x'")  # another endpoint
    assert exact.count_calls() == sent, "nothing is sent while the block lasts"
    assert 3500 < waiting.value.seconds <= 3600
    assert "rights" not in str(waiting.value)
