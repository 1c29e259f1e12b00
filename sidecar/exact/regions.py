"""Exact Online country hosts. An app's credentials only work on the host it was registered on."""

from __future__ import annotations

REGIONS = {
    "nl": "https://start.exactonline.nl",
    "be": "https://start.exactonline.be",
    "de": "https://start.exactonline.de",
    "fr": "https://start.exactonline.fr",
    "es": "https://start.exactonline.es",
    "uk": "https://start.exactonline.co.uk",
    "us": "https://start.exactonline.com",
}


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
