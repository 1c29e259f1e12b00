from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from sidecar.exact import odata


def test_literals() -> None:
    assert odata.guid("19CEE073-095E-46D1-8D2D-F3FC97BA5BC1") == (
        "guid'19cee073-095e-46d1-8d2d-f3fc97ba5bc1'"
    )
    assert odata.string("O'Brien") == "'O''Brien'"
    assert odata.int64(123) == "123L"
    assert odata.account_code(25) == "'" + " " * 16 + "25'"
    assert odata.datetime_(datetime(2026, 1, 2, 3, 4, 5)) == "datetime'2026-01-02T03:04:05'"
    plus_one = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    assert odata.datetime_(plus_one) == "datetime'2026-01-02T02:04:05'"
    assert odata.datetime_(date(2026, 1, 2)) == "datetime'2026-01-02T00:00:00'"
    assert odata.literal(True) == "true" and odata.literal(7) == "7"
    with pytest.raises(ValueError):
        odata.guid("not-a-guid")
    with pytest.raises(ValueError):
        odata.account_code("1" * 19)
    with pytest.raises(TypeError):
        odata.literal(1.5)


def test_dates_and_next_links() -> None:
    assert odata.parse_date("/Date(1382667872203)/") == datetime(
        2013, 10, 25, 2, 24, 32, 203000, tzinfo=UTC
    )
    with pytest.raises(ValueError):
        odata.parse_date("2013-10-25")
    base = "https://start.exactonline.nl"
    current = base + "/api/v1/1/crm/Accounts?$select=ID"
    assert odata.next_url(base, current, None) is None
    assert odata.next_url(base, current, base + "/x?$skiptoken=1") == base + "/x?$skiptoken=1"
    assert odata.next_url(base, current, "Accounts?$skiptoken=guid'1'") == (
        base + "/api/v1/1/crm/Accounts?$skiptoken=guid'1'"
    )
