"""Registering shops and managing their signing secrets and REST credentials.

Secret rotation keeps the previous secret valid for a grace period (one day by default,
``SIDECAR_SECRET_GRACE_SECONDS``) because the plugin keeps an outbox: events signed with the old
secret just before an operator rotated it must still be accepted while the new one is typed in.
"""

from __future__ import annotations

import json
import secrets
import string
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.db import utcnow
from sidecar.security import SecretBox
from sidecar.shops.base import ShopApi, adapter
from sidecar.shops.models import PLATFORMS, Shop

_ID_ALPHABET = string.ascii_lowercase + string.digits


class ShopInputError(ValueError):
    """A value given to `shop add` or similar is invalid; the message says which."""


@dataclass(frozen=True)
class NewShop:
    id: str
    secret: str
    # True when the URL was registered already: the existing shop got a new secret and keeps
    # its links, settings and activity (a plugin deleted and installed again is the same shop).
    reattached: bool = False


def new_shop_id() -> str:
    return "shp_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ShopInputError(f"--url must be an absolute http(s) URL, got {url!r}")
    return url.strip().rstrip("/")


def site_key(url: str) -> str:
    """What makes two URLs the same site: host (case-insensitive) and path, whatever the scheme
    (a shop that moved to HTTPS is still the same shop)."""
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"


def find_site(session: Session, url: str) -> Shop | None:
    key = site_key(normalise_url(url))
    return next((s for s in session.scalars(select(Shop)) if site_key(s.url) == key), None)


def add_shop(
    session: Session,
    box: SecretBox,
    platform: str,
    url: str,
    name: str,
    grace_seconds: int = 0,
) -> NewShop:
    """Register a shop, or re-attach the shop already registered for the site.

    Deleting a plugin and installing it again must not make a new shop: the new shop would have
    none of the old one's links, and its backfill would book every order a second time. So a
    URL that is registered already gets the existing shop back with a new secret (the previous
    one stays valid for ``grace_seconds``), under the name given now; links, settings, the Exact
    connection and the activity log are kept. The same URL on another platform is refused."""
    if platform not in PLATFORMS:
        raise ShopInputError(f"--platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    name = name.strip()
    if not name or len(name) > 200:
        raise ShopInputError("--name must be 1 to 200 characters")
    existing = find_site(session, url)
    if existing is not None:
        if existing.platform != platform:
            raise ShopInputError(
                f"{existing.url} is registered already as a {existing.platform} shop "
                f"({existing.id}); remove it first with: exact-sidecar shop remove {existing.id}"
            )
        secret = rotate_secret(session, box, existing.id, grace_seconds)
        existing.name = name
        existing.url = normalise_url(url)
        session.flush()
        return NewShop(existing.id, secret, reattached=True)
    shop_id, secret = new_shop_id(), new_secret()
    session.add(
        Shop(
            id=shop_id,
            platform=platform,
            url=normalise_url(url),
            name=name,
            secret_enc=box.encrypt(secret),
        )
    )
    session.flush()
    return NewShop(shop_id, secret)


def list_shops(session: Session) -> list[Shop]:
    return list(session.scalars(select(Shop).order_by(Shop.created_at, Shop.id)))


def rotate_secret(session: Session, box: SecretBox, shop_id: str, grace_seconds: int) -> str:
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise ShopInputError(f"no shop with id {shop_id!r}")
    secret = new_secret()
    shop.previous_secret_enc = shop.secret_enc
    shop.previous_secret_until = utcnow() + timedelta(seconds=grace_seconds)
    shop.secret_enc = box.encrypt(secret)
    return secret


def remove_shop(session: Session, shop_id: str) -> None:
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise ShopInputError(f"no shop with id {shop_id!r}")
    session.delete(shop)


def valid_secrets(shop: Shop, box: SecretBox) -> list[str]:
    """The secrets a signature may use now: the current one, and the previous within its grace."""
    found = [box.decrypt(shop.secret_enc)]
    if (
        shop.previous_secret_enc
        and shop.previous_secret_until is not None
        and shop.previous_secret_until > utcnow()
    ):
        found.append(box.decrypt(shop.previous_secret_enc))
    return found


def store_credentials(shop: Shop, box: SecretBox, credentials: dict[str, Any]) -> None:
    shop.credentials_enc = box.encrypt(json.dumps(credentials, sort_keys=True))


def load_credentials(shop: Shop, box: SecretBox) -> dict[str, Any] | None:
    if not shop.credentials_enc:
        return None
    return json.loads(box.decrypt(shop.credentials_enc))


def shop_api(shop: Shop, box: SecretBox) -> ShopApi | None:
    """The shop's REST API for the flows' writes and lists, or None while the plugin has not
    handed over REST credentials."""
    credentials = load_credentials(shop, box)
    if not credentials:
        return None
    return adapter(shop.platform).api(shop.url, credentials)
