"""One private note on a shop order, for things a person has to handle (a cancelled order that
was already booked). Queued on the pushback queue like the first pushback and written through the
shop's adapter (``ShopApi.add_note``), idempotently, so a retry never adds the note twice. The job
itself (retries, a refusal reported) is ``tasks.push_note``."""

from __future__ import annotations

import hashlib

from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.shops.models import Shop
from sidecar.shops.service import shop_api


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
        api = shop_api(shop, rt.box)
    if api is None:
        return "no-credentials"
    return api.add_note(entity_id, note)
