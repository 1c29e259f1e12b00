"""Periodic jobs, declared as data in this one place.

The scheduler role enqueues each entry every ``every`` seconds; a Redis lease per entry makes
several schedulers (one per machine) safe. Later flows add their lines here: reconcile, catalog
delta, token keep-alive.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str
    every: int
    queue: str = "default"


PERIODIC: tuple[Periodic, ...] = (
    Periodic("requeue-stale-events", "sidecar.jobs.tasks.requeue_stale_events", every=60),
    Periodic("retention-purge", "sidecar.jobs.tasks.purge_retention", every=3600),
    # Exact refresh tokens die after 30 days unused; idle connections are refreshed weekly.
    Periodic("exact-keep-alive", "sidecar.jobs.tasks.exact_keep_alive", every=6 * 3600),
    # A backfill whose step was lost (killed worker, Redis restart) continues within a minute.
    Periodic("resume-backfills", "sidecar.sync.history.backfill.resume_runs", every=60),
    # Orders whose plugin event was lost (sync/reconcile.py: window and buffer).
    Periodic("reconcile-orders", "sidecar.sync.history.reconcile.run_all", every=600),
    # Status pushback: per shop a poll every pushback.poll_minutes, webhook subscriptions daily.
    Periodic("exact-status", "sidecar.jobs.tasks.status_tick", every=60),
)
