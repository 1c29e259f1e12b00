"""Request signing (CONTRACT.md) and encryption of secrets at rest.

Signing: HMAC-SHA256 over ``timestamp LF METHOD LF path-with-query LF body`` with the shop secret,
sent as ``v1=<hex>``. The verifier accepts any listed version it knows, compares in constant time
and reports one answer for every kind of mismatch, so a caller never learns which part was wrong.

At rest: shop secrets, REST credentials and Exact tokens are Fernet tokens under a key derived from
``SIDECAR_SECRET_KEY`` with HKDF, so one operator secret protects them all and a database dump
alone reveals nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SIGNATURE_VERSION = "v1"
_ENCRYPTED_PREFIX = "f1:"


def signing_message(timestamp: int | str, method: str, path: str, body: bytes) -> bytes:
    head = f"{timestamp}\n{method.upper()}\n{path}\n".encode()
    return head + body


def sign(secret: str, timestamp: int | str, method: str, path: str, body: bytes = b"") -> str:
    """The ``X-Sidecar-Signature`` header value for one request."""
    digest = hmac.new(
        secret.encode("utf-8"), signing_message(timestamp, method, path, body), hashlib.sha256
    ).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def _listed_v1_digests(header: str) -> list[str]:
    digests = []
    for part in header.replace(" ", ",").split(","):
        version, sep, value = part.strip().partition("=")
        if sep and version == SIGNATURE_VERSION and len(value) == 64:
            digests.append(value.lower())
    return digests


def verify(
    header: str, secrets: Iterable[str], timestamp: str, method: str, path: str, body: bytes
) -> bool:
    """True when any listed v1 signature matches any of the shop's current secrets."""
    candidates = _listed_v1_digests(header)
    if not candidates:
        return False
    message = signing_message(timestamp, method, path, body)
    ok = False
    for secret in secrets:
        expected = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
        for candidate in candidates:
            # No early exit: every comparison runs, so timing says nothing about which matched.
            ok |= hmac.compare_digest(expected, candidate)
    return ok


class SecretBox:
    """Encrypts and decrypts short secrets for storage in the database."""

    def __init__(self, secret_key: str) -> None:
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"exact-sidecar at-rest v1"
        ).derive(secret_key.encode("utf-8"))
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def encrypt(self, plaintext: str) -> str:
        return _ENCRYPTED_PREFIX + self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        if not stored.startswith(_ENCRYPTED_PREFIX):
            raise ValueError("stored secret is not in the expected encrypted format")
        try:
            return self._fernet.decrypt(stored[len(_ENCRYPTED_PREFIX) :]).decode("utf-8")
        except InvalidToken:
            raise ValueError(
                "stored secret cannot be decrypted: SIDECAR_SECRET_KEY differs from the key "
                "it was encrypted with"
            ) from None
