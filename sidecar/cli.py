"""The ``exact-sidecar`` operator command (CONTRACT.md, "Operator CLI").

Click comes with Flask, so it costs no extra dependency. Commands that touch storage load the
configuration first; a configuration error prints its one sentence and exits 2.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click

from sidecar.config import Config, ConfigError, clone_root, load_config, locate_installation


def _config() -> Config:
    """The installation's configuration, wherever the command is run from; the roles a command
    starts (gunicorn's workers) are pointed at the same installation."""
    try:
        dotenv, base = locate_installation(os.environ, Path.cwd(), clone_root())
        config = load_config(dict(os.environ), dotenv=dotenv, base=base)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    os.environ.setdefault("SIDECAR_ENV_FILE", str(dotenv.resolve()))
    os.environ.setdefault("SIDECAR_HOME", str(config.home))
    return config


def _runtime(require_schema: bool = True):  # noqa: ANN202
    """The runtime of a command that reads or writes storage: refuses, in one sentence, a
    database that has not been set up (instead of a traceback about a missing table). The
    long-running roles skip the check: they may start while migrations are still running."""
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url

    from sidecar.runtime import build_runtime

    config = _config()
    url = make_url(config.database_url)
    shown = url.render_as_string(hide_password=True)
    missing = click.ClickException(
        f"The database ({shown}) is not set up: run 'exact-sidecar db upgrade' in the "
        "installation (scripts/run.sh does this)."
    )
    sqlite_file = Path(url.database or "") if url.get_backend_name() == "sqlite" else None
    if require_schema and sqlite_file is not None and not sqlite_file.is_file():
        raise missing  # checked before connecting, which would create an empty file
    rt = build_runtime(config)
    if require_schema and not inspect(rt.db.engine).has_table("shops"):
        raise missing
    return rt


# gunicorn's default access line with %(U)s (path only) where it has %(r)s (the request line).
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s"'


def _logging(level: str) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@click.group()
@click.version_option(package_name="exact-sidecar", prog_name="exact-sidecar")
def main() -> None:
    """Connect WooCommerce and Magento shops to Exact Online."""


@main.group()
def shop() -> None:
    """Register and manage shops."""


@shop.command("add")
@click.option("--platform", required=True, type=click.Choice(["woocommerce", "magento"]))
@click.option("--url", required=True, help="The shop's base URL, e.g. https://shop.example.nl")
@click.option("--name", required=True)
@click.option("--json", "as_json", is_flag=True, help='Print {"id": ..., "secret": ...}.')
def shop_add(platform: str, url: str, name: str, as_json: bool) -> None:
    """Register a shop and print its id and signing secret (shown only this once). A URL that
    is registered already re-attaches that shop with a new secret, keeping its orders' links."""
    from sidecar.shops.service import ShopInputError, add_shop

    rt = _runtime()
    try:
        with rt.db.session() as session:
            created = add_shop(session, rt.box, platform, url, name, rt.config.secret_grace_seconds)
    except ShopInputError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(
            json.dumps(
                {"id": created.id, "secret": created.secret, "reattached": created.reattached}
            )
        )
        return
    click.echo(f"Shop id: {created.id}")
    click.echo(f"Secret:  {created.secret}")
    if created.reattached:
        click.echo(
            "This URL was registered already: the existing shop was re-attached with a new "
            "secret; its orders, links, settings and Exact connection are kept."
        )
    click.echo("Store the secret in the shop's plugin settings now; it is not shown again.")


@shop.command("pair")
@click.option("--platform", required=True, type=click.Choice(["woocommerce", "magento"]))
@click.option("--url", required=True, help="The shop's base URL, e.g. https://shop.example.nl")
@click.option("--name", required=True)
@click.option(
    "--sidecar-url",
    default=None,
    help="The URL at which the shop reaches the sidecar (default: SIDECAR_PUBLIC_URL).",
)
def shop_pair(platform: str, url: str, name: str, sidecar_url: str | None) -> None:
    """Register a shop (or re-attach it, as shop add does) and print a pairing code for its
    plugin: pasted into the plugin, it brings the sidecar URL, shop id and secret at once. The
    code works once, for a day."""
    from sidecar.shops import pairing
    from sidecar.shops.service import ShopInputError, add_shop

    rt = _runtime()
    target = sidecar_url or rt.config.public_url
    if not target:
        raise click.UsageError(
            "The shop must know where to reach the sidecar: set SIDECAR_PUBLIC_URL or pass "
            "--sidecar-url https://sidecar.example.nl"
        )
    try:
        with rt.db.session() as session:
            created = add_shop(session, rt.box, platform, url, name, rt.config.secret_grace_seconds)
    except ShopInputError as exc:
        raise click.UsageError(str(exc)) from None
    code = pairing.issue(rt.redis, created.id, target)
    click.echo(
        f"Shop id: {created.id}"
        + (" (re-attached: its orders are kept)" if created.reattached else "")
    )
    click.echo("Pairing code (paste it into the plugin's settings; it works once, for 24 hours):")
    click.echo(code)


@shop.command("list")
@click.option("--json", "as_json", is_flag=True)
def shop_list(as_json: bool) -> None:
    """List registered shops (secrets are never shown)."""
    from sidecar.shops.service import list_shops

    rt = _runtime()
    with rt.db.session() as session:
        rows: list[dict[str, Any]] = [
            {
                "id": s.id,
                "platform": s.platform,
                "name": s.name,
                "url": s.url,
                "created_at": s.created_at.isoformat(),
            }
            for s in list_shops(session)
        ]
    if as_json:
        click.echo(json.dumps(rows))
        return
    if not rows:
        click.echo("No shops registered. Add one with: exact-sidecar shop add ...")
    for row in rows:
        click.echo(f"{row['id']}  {row['platform']:<12} {row['name']}  {row['url']}")


@shop.command("rotate-secret")
@click.argument("shop_id")
@click.option("--json", "as_json", is_flag=True)
def shop_rotate(shop_id: str, as_json: bool) -> None:
    """Issue a new secret; the old one keeps working for SIDECAR_SECRET_GRACE_SECONDS."""
    from sidecar.shops.service import ShopInputError, rotate_secret

    rt = _runtime()
    try:
        with rt.db.session() as session:
            secret = rotate_secret(session, rt.box, shop_id, rt.config.secret_grace_seconds)
    except ShopInputError as exc:
        raise click.UsageError(str(exc)) from None
    hours = rt.config.secret_grace_seconds / 3600
    if as_json:
        click.echo(
            json.dumps(
                {"id": shop_id, "secret": secret, "grace_seconds": rt.config.secret_grace_seconds}
            )
        )
    else:
        click.echo(f"New secret: {secret}")
        click.echo(f"The previous secret keeps working for {hours:g} hour(s).")


@shop.command("remove")
@click.argument("shop_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def shop_remove(shop_id: str, yes: bool) -> None:
    """Remove a shop with its events, links, settings and activity."""
    from sidecar.shops.service import ShopInputError, remove_shop

    if not yes:
        click.confirm(
            f"Remove shop {shop_id} with all its events, links, settings and activity?",
            abort=True,
        )
    rt = _runtime()
    try:
        with rt.db.session() as session:
            remove_shop(session, shop_id)
    except ShopInputError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"Removed shop {shop_id}.")


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations."""
    from sidecar.migrate import upgrade

    config = _config()
    upgrade(config.database_url)
    click.echo("Database is up to date.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="gunicorn processes (default cores + 1)")
@click.option("--threads", default=2, show_default=True, type=int, help="threads per process")
def serve(host: str, port: int, workers: int | None, threads: int) -> None:
    """Run the web service under gunicorn.

    The defaults (cores + 1 processes of 2 threads) measured best for event intake on 2 cores
    (docs/benchmarks.md): more threads per process mostly add GIL contention.
    """
    config = _config()
    count = workers or ((os.cpu_count() or 1) + 1)
    args = [
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(count),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        # The path without its query: the OAuth callback's code and state never reach the log.
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--log-level",
        config.log_level.lower(),
        "sidecar.app:wsgi()",
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *args])  # noqa: S606 - becomes gunicorn


@main.command()
@click.option("--queues", default="orders,pushback,catalog,default,backfill", show_default=True)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
def worker(queues: str, burst: bool) -> None:
    """Run an RQ worker (with RQ's scheduler for delayed retries); it outlives Redis restarts."""
    from sidecar.jobs import worker as role
    from sidecar.runtime import set_runtime

    rt = _runtime(require_schema=False)
    _logging(rt.config.log_level)
    set_runtime(rt)
    names = [q.strip() for q in queues.split(",") if q.strip()]
    role.run(rt.redis, names, burst=burst)


@main.command()
def scheduler() -> None:
    """Enqueue periodic jobs when they are due."""
    from sidecar.jobs import scheduler as periodic

    rt = _runtime(require_schema=False)
    _logging(rt.config.log_level)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    periodic.run(rt.redis, stop)


@main.command()
@click.argument("shop_id")
@click.option("--since", required=True, help="Import orders modified since this date (YYYY-MM-DD).")
@click.option("--wait", is_flag=True, help="Print progress until the run has finished.")
@click.option("--interval", default=5.0, show_default=True, type=float, help="Seconds per line.")
def backfill(shop_id: str, since: str, wait: bool, interval: float) -> None:
    """Import a shop's order history (or show the unfinished run); workers do the work."""
    import time

    from sidecar.shops.models import Shop
    from sidecar.sync.history import backfill as history

    rt = _runtime()
    with rt.db.session() as session:
        if session.get(Shop, shop_id) is None:
            raise click.UsageError(f"No shop with id {shop_id}.")
    try:
        run, created = history.start(rt, shop_id, history.parse_since(since))
    except history.BackfillInputError as exc:
        message = f"--{exc.field}: {exc}" if exc.field == "since" else str(exc)
        raise click.UsageError(message) from None
    if not created:
        click.echo(f"A backfill since {run.since.date().isoformat()} is unfinished; following it.")
    while True:
        state = history.progress(rt, shop_id) or {}
        eta = "?" if state.get("eta") is None else f"{state['eta']} s"
        click.echo(
            f"{state.get('state')}: {state.get('done')} of {state.get('total')} done, "
            f"{state.get('failed')} failed, eta {eta}"
        )
        if not wait or state.get("state") != "running":
            break
        time.sleep(interval)
    if state.get("state") == "failed":
        raise click.ClickException(f"The backfill stopped: {state.get('error')}")


@main.group()
def emulator() -> None:
    """Strict local stand-ins for external systems."""


@emulator.command("exact")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8090, show_default=True, type=int)
@click.option("--client-id", default="exact-sidecar-dev", show_default=True)
@click.option("--client-secret", default="exact-sidecar-dev-secret", show_default=True)
@click.option("--seed", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--minute-limit", default=60, show_default=True, type=int)
@click.option("--day-limit", default=5000, show_default=True, type=int)
@click.option("--window-seconds", default=60, show_default=True, type=int)
@click.option(
    "--vat-arithmetic",
    type=click.Choice(["client", "line", "document"]),
    default="line",
    show_default=True,
    help="How Exact arrives at a sales document's VAT: keep the client's line VAT, compute it "
    "per line, or per VAT code over the document.",
)
def emulator_exact(
    host: str,
    port: int,
    client_id: str,
    client_secret: str,
    seed: str | None,
    minute_limit: int,
    day_limit: int,
    window_seconds: int,
    vat_arithmetic: str,
) -> None:
    """Run the Exact Online emulator."""
    from sidecar.emulators.exact import EmulatorConfig
    from sidecar.emulators.exact import serve as serve_emulator

    config = EmulatorConfig(
        client_id=client_id,
        client_secret=client_secret,
        seed=seed,
        minute_limit=minute_limit,
        day_limit=day_limit,
        window_seconds=window_seconds,
        vat_arithmetic=vat_arithmetic,
    )
    serve_emulator(host, port, config)


@emulator.command("woocommerce")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8091, show_default=True, type=int)
@click.option("--orders", default=0, show_default=True, type=int, help="Generated orders to add.")
@click.option("--seed", default=1, show_default=True, type=int, help="Generator seed.")
def emulator_woocommerce(host: str, port: int, orders: int, seed: int) -> None:
    """Run the WooCommerce stand-in (REST API wc/v3 with its default keys)."""
    from sidecar.emulators.woocommerce import WooConfig
    from sidecar.emulators.woocommerce import serve as serve_woocommerce

    serve_woocommerce(host, port, WooConfig(generated_orders=orders, generator_seed=seed))


if __name__ == "__main__":
    main()
