"""Exact Online country hosts, and the wall clock each keeps.

An app's credentials only work on the host it was registered on. Exact stores and answers dates
as the administration's local wall time without a zone (Dutch time on the Dutch host, as Airbyte
found; the reference's §3.3), and reads a date sent without a zone the same way. A shop's
timestamps are UTC, so a document date must be converted first: an order paid at 00:30 in
Amsterdam on 1 January is dated 1 January, not 31 December, and lands in the right VAT period.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

REGIONS = {
    "nl": "https://start.exactonline.nl",
    "be": "https://start.exactonline.be",
    "de": "https://start.exactonline.de",
    "fr": "https://start.exactonline.fr",
    "es": "https://start.exactonline.es",
    "uk": "https://start.exactonline.co.uk",
    "us": "https://start.exactonline.com",
}

# The zone of each host's wall clock. Dutch time is Airbyte's finding for the Dutch host; the
# others are taken to keep their own country's time (UNCONFIRMED; Belgium, Germany, France and
# Spain share Central European time with the Netherlands anyway).
TIME_ZONES = {
    "nl": "Europe/Amsterdam",
    "be": "Europe/Brussels",
    "de": "Europe/Berlin",
    "fr": "Europe/Paris",
    "es": "Europe/Madrid",
    "uk": "Europe/London",
    "us": "America/New_York",
}


def wall_clock(moment: datetime, region: str) -> str:
    """``moment`` as the administration's local wall time, ``2026-01-01T00:30:00`` (no zone, as
    Exact reads it); a naive ``moment`` is taken to be UTC, which is what the shops send."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    local = aware.astimezone(ZoneInfo(TIME_ZONES.get(region, TIME_ZONES["nl"])))
    return local.strftime("%Y-%m-%dT%H:%M:%S")


def base_url(region: str, override: str | None = None) -> str:
    """The host for a region; ``override`` (SIDECAR_EXACT_BASE_URL) points at an emulator."""
    if override:
        return override.rstrip("/")
    try:
        return REGIONS[region]
    except KeyError:
        raise ValueError(
            f"unknown Exact region {region!r}; use one of {', '.join(REGIONS)}"
        ) from None
