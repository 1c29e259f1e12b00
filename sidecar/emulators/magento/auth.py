"""Integration authentication as Magento 2.4 does it (reference 3.1), verified for real.

``OauthUserContext`` -> ``Oauth::validateAccessTokenRequest``, in Magento's order:

1. ``oauth_version``, when sent, must be ``1.0`` (400);
2. the six parameters (consumer key, signature, signature method, nonce, timestamp, token) must
   be there (400 "... is required");
3. the token must be 32 characters (400), the method must be HMAC-SHA256 (400 "Signature method
   %1 is not supported": HMAC-SHA1 is refused), the consumer key must exist (401);
4. the timestamp: Magento refuses one more than 600 s ahead (400). It accepts any past timestamp;
   the emulator also refuses one more than 600 s old (stricter, so a client with a drifting clock
   is caught here and not on a shop that purges nonces);
5. the nonce must be new for the consumer (401); it is stored *before* the signature is checked,
   so even a request with a wrong signature uses its nonce up, as in Magento;
6. the token must be this consumer's access token (401); 7. the HMAC-SHA256 signature with key
   ``consumer_secret&token_secret`` over ``METHOD&url&params`` (url = the request's own scheme,
   host and path; params = the OAuth header plus the query) must match (401).

Strict choice: the OAuth parameters are read from the ``Authorization: OAuth`` header only (the
form Magento documents). A bearer token is accepted only with ``integration_as_bearer`` (off by
default since 2.4.4); otherwise the caller is anonymous and the route answers 401 "The consumer
isn't authorized to access %resources.".
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import parse_qsl, unquote

from flask import Request
from oauthlib.oauth1.rfc5849 import signature

from .config import Integration, MagentoConfig
from .errors import MagentoError, required

REQUIRED = (
    "oauth_consumer_key",
    "oauth_signature",
    "oauth_signature_method",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_token",
)


@dataclass
class Caller:
    integration: Integration | None = None
    method: str | None = None  # "oauth1" | "bearer" | None


class NonceStore:
    """Nonces per consumer; Magento keeps them in oauth_nonce until a cleanup cron runs."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: set[tuple[int, str]] = set()

    def use(self, consumer_id: int, nonce: str) -> bool:
        with self.lock:
            if (consumer_id, nonce) in self.seen:
                return False
            self.seen.add((consumer_id, nonce))
            return True

    def clear(self) -> None:
        with self.lock:
            self.seen.clear()


def header_params(request: Request) -> dict[str, str] | None:
    header = request.headers.get("Authorization", "")
    if header[:6].lower() != "oauth ":
        return None
    pairs = signature.collect_parameters(
        headers={"Authorization": header}, exclude_oauth_signature=False
    )
    return dict(pairs)


def _oauth(request: Request, config: MagentoConfig, nonces: NonceStore, now: float) -> Caller:
    params = header_params(request) or {}
    version = params.get("oauth_version")
    if version is not None and version != "1.0":
        raise MagentoError(400, 'The "%1" Oauth version isn\'t supported.', [version])
    missing = [name for name in REQUIRED if name not in params]
    if missing:
        raise required(*missing)
    if len(params["oauth_token"]) != 32:
        raise MagentoError(400, "The token length is invalid. Check the length and try again.")
    method = params["oauth_signature_method"]
    if method != "HMAC-SHA256":
        raise MagentoError(400, "Signature method %1 is not supported", [method])
    if len(params["oauth_consumer_key"]) != 32:
        raise MagentoError(400, "Consumer key is not the correct length")
    integration = config.integration_by_consumer(params["oauth_consumer_key"])
    if integration is None:
        raise MagentoError(401, "A consumer having the specified key does not exist")
    try:
        timestamp = int(params["oauth_timestamp"])
    except ValueError:
        timestamp = 0
    deviation = config.oauth_time_deviation
    if timestamp <= 0 or timestamp > now + deviation or timestamp < now - deviation:
        raise MagentoError(400, "Incorrect timestamp value in the oauth_timestamp parameter")
    if not nonces.use(integration.consumer_id, params["oauth_nonce"]):
        raise MagentoError(
            401,
            "The nonce is already being used by the consumer with ID %1",
            [str(integration.consumer_id)],
        )
    owner = config.integration_by_token(params["oauth_token"])
    if owner is None:
        raise MagentoError(401, "Specified token does not exist")
    if owner.consumer_key != integration.consumer_key:
        raise MagentoError(401, "Token is not associated with the specified consumer")
    if not _signature_matches(request, params, integration):
        raise MagentoError(401, "The signature is invalid. Verify and try again.")
    return Caller(integration if integration.active else None, "oauth1")


def _signature_matches(request: Request, params: dict[str, str], integration: Integration) -> bool:
    """RFC 5849 base string over the header's oauth_* and the query (raw brackets allowed)."""
    collected = [
        (key, value)
        for key, value in signature.collect_parameters(
            headers={"Authorization": request.headers["Authorization"]}
        )
    ]
    query = request.query_string.decode("latin-1")
    collected += parse_qsl(query, keep_blank_values=True, encoding="utf-8")
    base = signature.signature_base_string(
        request.method.upper(),
        signature.base_string_uri(request.base_url),
        signature.normalize_parameters(collected),
    )
    secrets = SimpleNamespace(
        client_secret=integration.consumer_secret,
        resource_owner_secret=integration.access_token_secret,
    )
    expected = signature.sign_hmac_sha256_with_client(base, secrets)
    return hmac.compare_digest(expected.encode(), unquote(params["oauth_signature"]).encode())


def authenticate(request: Request, config: MagentoConfig, nonces: NonceStore, now: float) -> Caller:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        integration = config.integration_by_token(header[7:].strip())
        if integration is not None and config.integration_as_bearer:
            return Caller(integration, "bearer")
        return Caller()
    if header[:6].lower() == "oauth ":
        return _oauth(request, config, nonces, now)
    return Caller()
