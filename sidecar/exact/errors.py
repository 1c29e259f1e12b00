"""Exact Online errors mapped onto the sidecar's retryable / permanent split.

Exact's error body is ``{"error": {"message": {"value": ...}}}``; its text is what a shop owner
needs to see ("Item 'ABC' does not exist"), so permanent errors carry it verbatim.
"""

from __future__ import annotations

from typing import Any

from sidecar.errors import PermanentError, RetryableError
from sidecar.exact import refusals


class ExactRetryable(RetryableError):
    """Network trouble, 408, 429, 5xx, a busy refresh lock: try again later."""

    def __init__(
        self,
        message: str,
        seconds: float | None = None,
        counts: bool = True,
        status: int | None = None,
    ) -> None:
        super().__init__(message, seconds=seconds, counts=counts)
        self.status = status
        # True when the error came before the request left (a spent budget, a busy refresh):
        # a create that failed this way certainly did not happen.
        self.not_sent = False


class RateLimited(ExactRetryable):
    """The division's budget is spent (or would be); ``seconds`` runs to Exact's reset time."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message, seconds=seconds, counts=False, status=429)


class NeedsReauth(ExactRetryable):
    """The refresh token is gone: jobs wait (not fail) until the shop connects Exact again."""

    WAIT_SECONDS = 900

    def __init__(self, message: str) -> None:
        super().__init__(message, seconds=self.WAIT_SECONDS, counts=False, status=401)


class NotConnected(PermanentError):
    def __init__(self, shop_id: str) -> None:
        super().__init__(
            f"Shop {shop_id} has no Exact Online connection.",
            "Connect Exact Online on the plugin's settings page (Exact Online > Connect).",
        )


class ExactPermanent(PermanentError):
    """A refusal that retrying will not fix (a 4xx, or a 500 carrying Exact's validation text);
    ``message`` is Exact's own text. Nothing was created."""

    def __init__(self, status: int, message: str, endpoint: str) -> None:
        super().__init__(
            f"Exact Online refused {endpoint} ({status}): {message}",
            _resolution(status, message),
        )
        self.status = status
        self.exact_message = message


def _resolution(status: int, message: str) -> str:
    if status == 403:
        return (
            "The Exact user that connected the shop lacks rights for this, or the wrong "
            "administration is selected; reconnect Exact with a user that has them."
        )
    if status == 404:
        return "The record no longer exists in Exact Online; check it there, then press Retry."
    return refusals.resolution_for(message)


# Exact blocks an app for an hour (longer on repeat) after more than 10 errors on one endpoint
# per hour (reference §1.4). The answer's status is unconfirmed (a 403 or a 429); its words say
# it. It is never a missing right: the owner can do nothing, the sidecar waits.
BLOCK_SECONDS = 3600
_BLOCK_TEXTS = ("too many errors", "te veel fouten", "temporarily blocked", "tijdelijk geblokkeerd")


def is_error_block(message: str) -> bool:
    text = message.lower()
    return any(words in text for words in _BLOCK_TEXTS)


# Exact's own words for "something broke on our side": a 500 that says only this is an outage.
_OUTAGE_TEXTS = (
    "a problem has occurred",
    "er is een probleem opgetreden",
    "an error has occurred",
    "er is een fout opgetreden",
)


def validation_text(status: int, body: Any) -> str | None:
    """Exact's text when a 500 is a business-validation refusal, else None (an outage).

    Exact answers a document it refuses ("Verplicht: Factuur voor", an unknown reference, a
    blocked code) with HTTP 500 and the reason in the OData error body, several reasons joined
    by CRLF; an outage is a 500 with no such body (HTML, empty, a gateway fault) or with Exact's
    generic "A problem has occurred" text. The two are told apart on the first answer, so a
    refusal is never sent again: retrying cannot fix it, and Exact blocks an app that repeats
    refused calls."""
    if status != 500 or not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        return None
    message = body["error"].get("message")
    text = message.get("value") if isinstance(message, dict) else message
    if not isinstance(text, str) or not text.strip():
        return None
    if text.strip().lower().startswith(_OUTAGE_TEXTS):
        return None
    return text.strip()


def error_message(body: Any, fallback: str) -> str:
    """Exact's error text from a decoded body, or ``fallback``."""
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            message = error.get("message")
            if isinstance(message, dict) and isinstance(message.get("value"), str):
                return message["value"]
            if isinstance(message, str):
                return message
            if isinstance(error.get("error_description"), str):
                return error["error_description"]
        if isinstance(body.get("error_description"), str):
            return body["error_description"]
        if isinstance(error, str):
            return error
    return fallback
