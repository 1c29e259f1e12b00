"""Pairing codes: one pasted string instead of a sidecar URL, a shop id and a secret copied by hand.

``exact-sidecar shop pair`` registers the shop (or re-attaches it, like ``shop add``) and prints a
code such as ``EXS1-eyJ1Ijo...``: the sidecar's URL and a single-use token, base64url-encoded
together. The shop owner pastes it into the plugin, which reads the URL from it and exchanges the
token over HTTPS (``POST /api/v1/pair``) for the shop id and a fresh secret. The token is kept
only as a digest in Redis, lives ``PAIRING_SECONDS`` and works once (taken with GETDEL), so a
code copied from a screen later is worthless, and the secret never passes through a person.

A lost Redis forgets open codes; the operator runs ``shop pair`` again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass

from redis import Redis
from sqlalchemy.orm import Session

from sidecar.security import SecretBox
from sidecar.shops.models import Shop
from sidecar.shops.service import rotate_secret

PREFIX = "EXS1-"
PAIRING_SECONDS = 24 * 3600
KEY = "sidecar:pair:"


class PairingError(Exception):
    """The code is malformed, unknown, used or expired; the message says what to do."""


@dataclass(frozen=True)
class Paired:
    shop_id: str
    secret: str
    platform: str
    name: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(redis: Redis, shop_id: str, sidecar_url: str) -> str:
    """A new single-use code for ``shop_id``, reaching the sidecar at ``sidecar_url``."""
    token = secrets.token_urlsafe(24)  # 192 bits
    redis.set(KEY + _digest(token), shop_id, ex=PAIRING_SECONDS)
    body = json.dumps({"u": sidecar_url.rstrip("/"), "t": token}, separators=(",", ":"))
    return PREFIX + base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")


def read(code: str) -> tuple[str, str]:
    """(sidecar URL, token) of a code; what the plugins do before calling the sidecar."""
    text = code.strip()
    if not text.startswith(PREFIX):
        raise PairingError(f"A pairing code starts with {PREFIX}; copy the whole line.")
    raw = text[len(PREFIX) :]
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise PairingError("The pairing code is damaged; copy the whole line again.") from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), str):
        raise PairingError("The pairing code is damaged; copy the whole line again.")
    if not isinstance(data.get("t"), str) or not data["t"]:
        raise PairingError("The pairing code is damaged; copy the whole line again.")
    return data["u"], data["t"]


def exchange(redis: Redis, session: Session, box: SecretBox, token: str) -> Paired:
    """The shop and a fresh secret for a token, once."""
    raw = redis.getdel(KEY + _digest(token))
    shop_id = raw.decode() if isinstance(raw, bytes) else raw
    shop = session.get(Shop, shop_id) if shop_id else None
    if shop is None:
        raise PairingError(
            "This pairing code is unknown, used already or older than a day; ask the sidecar's "
            "operator for a new one (exact-sidecar shop pair)."
        )
    # the code stands for the shop: whatever secret was printed before stops at once
    secret = rotate_secret(session, box, shop.id, grace_seconds=0)
    return Paired(shop.id, secret, shop.platform, shop.name)
