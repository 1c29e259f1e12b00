"""Who is calling: WooCommerce's REST authentication, rule for rule (reference 3.1).

``WC_REST_Authentication`` in WooCommerce 10.0.2:

- Basic auth (``Authorization: Basic`` or ``?consumer_key=&consumer_secret=``) only when the
  site is on HTTPS (``is_ssl()``); over plain HTTP it is silently ignored, the request is
  anonymous and the route answers 401 ``woocommerce_rest_cannot_view``. ``X-Forwarded-Proto`` is
  not honoured.
- Otherwise OAuth 1.0a one-legged: the five ``oauth_*`` parameters from the query, a form body
  or an ``Authorization: OAuth`` header; HMAC-SHA1 or HMAC-SHA256 over the site's *home URL*
  with key ``consumer_secret&``; then a +-15 minute timestamp window and single-use nonces.
- After authentication, read keys may only GET/HEAD and write keys only POST/PUT/PATCH/DELETE
  (``check_user_permissions`` on ``rest_pre_dispatch``, before routing).

Strict choices: WooCommerce remembers one nonce per timestamp second (a later nonce with the same
timestamp overwrites the earlier one); the emulator remembers every nonce for the whole window.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from flask import Request

from .config import ApiKey, WooConfig
from .errors import WPError
from .phpquery import PhpValue, parse_oauth_header, parse_php_query, woocommerce_base_string

OAUTH_PARAMS = (
    "oauth_consumer_key",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_signature",
    "oauth_signature_method",
)
AUTH_ERROR = "woocommerce_rest_authentication_error"


@dataclass
class Caller:
    """The outcome: a key (authenticated), an error to answer with, or neither (anonymous)."""

    key: ApiKey | None = None
    error: WPError | None = None
    method: str | None = None  # "basic" | "oauth1" | None


class NonceStore:
    """Nonces seen per consumer key, forgotten once older than the window."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: dict[str, dict[str, int]] = {}

    def use(self, consumer_key: str, nonce: str, timestamp: int, now: float, window: int) -> bool:
        """Record the nonce; False when it was already used inside the window."""
        with self.lock:
            nonces = self.seen.setdefault(consumer_key, {})
            for old, stamp in list(nonces.items()):
                if stamp < now - window:
                    del nonces[old]
            if nonce in nonces:
                return False
            nonces[nonce] = timestamp
            return True

    def clear(self) -> None:
        with self.lock:
            self.seen.clear()


def _error(message: str, code: str = AUTH_ERROR) -> WPError:
    return WPError(code, message, 401)


def _basic(request: Request, config: WooConfig) -> Caller | None:
    """perform_basic_authentication(): a Caller on success or on a wrong secret, else None."""
    key = request.args.get("consumer_key", "")
    secret = request.args.get("consumer_secret", "")
    if not (key and secret):
        key, secret = "", ""
        auth = request.authorization
        if auth is not None and auth.type == "basic" and auth.username and auth.password:
            key, secret = auth.username, auth.password
    if not (key and secret):
        return None
    api_key = config.key(key)
    if api_key is None:
        return None
    if not hmac.compare_digest(api_key.consumer_secret.encode(), secret.encode()):
        return Caller(error=_error("Consumer secret is invalid."), method="basic")
    return Caller(key=api_key, method="basic")


def oauth_parameters(request: Request) -> dict[str, PhpValue]:
    """get_oauth_parameters(): $_GET + $_POST, then the header's oauth_* on top."""
    params: dict[str, PhpValue] = parse_php_query(request.query_string.decode("latin-1"))
    if request.mimetype == "application/x-www-form-urlencoded":
        params.update(parse_php_query(request.get_data(as_text=True)))
    header = request.headers.get("Authorization", "").strip()
    if header:
        params.update(parse_oauth_header(header))
    return params


def signing_url(request: Request, config: WooConfig) -> str:
    """get_home_url(null, $path, is_ssl() ? 'https' : 'http'): home URL, scheme from is_ssl()."""
    home = (config.home_url or request.host_url).rstrip("/")
    scheme = "https" if config.https else "http"
    _, _, rest = home.partition("://")
    return f"{scheme}://{rest}{request.path}"


def _signature_ok(
    request: Request, config: WooConfig, api_key: ApiKey, params: dict
) -> WPError | None:
    given = params.pop("oauth_signature")
    if not isinstance(given, str):
        return _error("Invalid signature - provided signature does not match.")
    given = unquote(given.replace(" ", "+"))
    method = params.get("oauth_signature_method")
    if method not in ("HMAC-SHA1", "HMAC-SHA256"):
        return _error("Invalid signature - signature method is invalid.")
    base = woocommerce_base_string(request.method, signing_url(request, config), params)
    digest = hashlib.sha1 if method == "HMAC-SHA1" else hashlib.sha256
    raw = hmac.new(f"{api_key.consumer_secret}&".encode(), base.encode(), digest).digest()
    expected = base64.b64encode(raw).decode("ascii")
    if not hmac.compare_digest(expected.encode(), given.encode("utf-8")):
        return _error("Invalid signature - provided signature does not match.")
    return None


def _oauth(request: Request, config: WooConfig, nonces: NonceStore, now: float) -> Caller | None:
    params = oauth_parameters(request)
    present = [name for name in OAUTH_PARAMS if params.get(name)]
    if not present:
        return None
    missing = [name for name in OAUTH_PARAMS if not params.get(name)]
    if missing:
        label = "parameter" if len(missing) == 1 else "parameters"
        return Caller(
            error=_error(
                f"Missing OAuth {label} {', '.join(missing)}",
                "woocommerce_rest_authentication_missing_parameter",
            ),
            method="oauth1",
        )
    api_key = config.key(str(params["oauth_consumer_key"]))
    if api_key is None:
        return Caller(error=_error("Consumer key is invalid."), method="oauth1")
    problem = _signature_ok(request, config, api_key, dict(params))
    if problem is not None:
        return Caller(error=problem, method="oauth1")
    try:
        timestamp = int(str(params["oauth_timestamp"]))
    except ValueError:
        timestamp = 0  # PHP compares a non-numeric string as 0: always outside the window
    window = config.oauth_window_seconds
    if timestamp < now - window or timestamp > now + window:
        return Caller(error=_error("Invalid timestamp."), method="oauth1")
    if not nonces.use(api_key.consumer_key, str(params["oauth_nonce"]), timestamp, now, window):
        return Caller(error=_error("Invalid nonce - nonce has already been used."), method="oauth1")
    return Caller(key=api_key, method="oauth1")


def authenticate(request: Request, config: WooConfig, nonces: NonceStore, now: float) -> Caller:
    """authenticate(): Basic first when is_ssl(), then OAuth; an earlier error is kept."""
    basic = _basic(request, config) if config.https else None
    if basic is not None and basic.key is not None:
        return basic
    oauth = _oauth(request, config, nonces, now)
    if oauth is not None:
        return oauth
    return basic or Caller()


def check_permissions(caller: Caller, method: str) -> WPError | None:
    """check_permissions(): the key's read/write flag against the HTTP method."""
    if caller.key is None:
        return None
    permissions = caller.key.permissions
    if method in ("GET", "HEAD"):
        if permissions not in ("read", "read_write"):
            return _error("The API key provided does not have read permissions.")
    elif method in ("POST", "PUT", "PATCH", "DELETE"):
        if permissions not in ("write", "read_write"):
            return _error("The API key provided does not have write permissions.")
    elif method != "OPTIONS":
        return _error("Unknown request method.")
    return None


def describe(caller: Caller) -> dict[str, Any]:
    """For the request log: which key (never the secret) and how."""
    if caller.key is None:
        return {"auth": caller.method, "consumer_key": None}
    return {"auth": caller.method, "consumer_key": caller.key.consumer_key}
