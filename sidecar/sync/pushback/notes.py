"""One private note on a shop order, for things a person has to handle (a cancelled order that
was already booked). Queued on the pushback queue like the first pushback and written with the
same clients; idempotent, so a retry never adds the note twice: WooCommerce gets it only when no
note has the same text, Magento's sync route ignores a repeated ``sync_key`` and a comment the
history already holds. The job itself (retries, a refusal reported) is ``tasks.push_note``."""

from __future__ import annotations

import hashlib

from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.shops.models import Shop
from sidecar.shops.service import load_credentials


def note_key(shop_id: str, entity_id: str, note: str) -> str:
    digest = hashlib.sha256(note.encode()).hexdigest()[:12]
    return entity_key("note", shop_id, f"{entity_id}-{digest}")


def enqueue(rt: Runtime, shop_id: str, entity_id: str, note: str, delay: float = 0) -> None:
    rt.queues.enqueue_entity(
        "pushback",
        note_key(shop_id, entity_id, note),
        shop_id,
        entity_id,
        note,
        func="sidecar.jobs.tasks.push_note",
        delay=delay or None,
    )


def write(rt: Runtime, shop_id: str, entity_id: str, note: str) -> str:
    with rt.db.session() as session:
        shop = session.get(Shop, shop_id)
        if shop is None:
            return "nothing"
        credentials = load_credentials(shop, rt.box)
        platform, url = shop.platform, shop.url
    if not credentials:
        return "no-credentials"
    if platform == "woocommerce":
        from sidecar.shops.woocommerce.client import WooClient

        client = WooClient(url, credentials["consumer_key"], credentials["consumer_secret"])
        if any(n.get("note") == note for n in client.notes(entity_id)):
            return "unchanged"
        client.add_note(entity_id, note)
        return "added"
    from sidecar.shops.magento.client import MagentoClient

    digest = hashlib.sha256(note.encode()).hexdigest()[:16]
    answer = MagentoClient(url, credentials).sync(
        entity_id, {"comment": note[:2000], "sync_key": f"note:{digest}"}
    )
    return "added" if answer.get("applied") else "unchanged"
