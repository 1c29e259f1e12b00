"""One private note on a shop order, for things a person has to handle (a cancelled order that
was already booked). Queued on the pushback queue like the first pushback and written with the
same clients; idempotent, so a retry never adds the note twice: WooCommerce gets it only when no
note has the same text, Magento's sync route ignores a repeated ``sync_key`` and a comment the
history already holds."""

from __future__ import annotations

import hashlib
import logging

from rq import get_current_job

from sidecar.activity import log as activity
from sidecar.errors import PermanentError, RetryableError
from sidecar.jobs import retry
from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime, get_runtime
from sidecar.shops.models import Shop
from sidecar.shops.service import load_credentials

log = logging.getLogger(__name__)


def _key(shop_id: str, entity_id: str, note: str) -> str:
    digest = hashlib.sha256(note.encode()).hexdigest()[:12]
    return entity_key("note", shop_id, f"{entity_id}-{digest}")


def enqueue(rt: Runtime, shop_id: str, entity_id: str, note: str, delay: float = 0) -> None:
    rt.queues.enqueue_entity(
        "pushback",
        _key(shop_id, entity_id, note),
        shop_id,
        entity_id,
        note,
        func="sidecar.sync.shop_notes.run",
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


def run(shop_id: str, entity_id: str, note: str, attempt: int = 0) -> str:
    """The job: write the note; outages are retried, a refusal is logged for a person."""
    rt = get_runtime()
    job = get_current_job()
    if job is not None:
        rt.queues.claim(_key(shop_id, entity_id, note), job.id)
    try:
        return write(rt, shop_id, entity_id, note)
    except PermanentError as exc:
        failure: PermanentError = exc
    except Exception as exc:  # noqa: BLE001 - retry later, never drop the note
        if not isinstance(exc, RetryableError):
            log.exception("note for order %s: unexpected error", entity_id)
            exc = RetryableError(f"internal error: {exc!r}")
        try:
            decision = retry.decide(
                exc, attempt, base=rt.config.retry_base_seconds, cap=rt.config.retry_cap_seconds
            )
        except PermanentError as gave_up:
            failure = gave_up
        else:
            rt.queues.enqueue_entity(
                "pushback",
                _key(shop_id, entity_id, note),
                shop_id,
                entity_id,
                note,
                func="sidecar.sync.shop_notes.run",
                delay=decision.delay,
                attempt=decision.attempt,
            )
            return "retry"
    with rt.db.session() as session:
        activity.record(
            session,
            shop_id,
            "order",
            f"The note for order {entity_id} could not be written to the shop: {failure}",
            level="warning",
            entity=f"order:{entity_id}",
            direction="out",
            resolution=failure.resolution,
        )
    return "failed"
