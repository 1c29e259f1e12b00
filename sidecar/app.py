"""The Flask application factory; importing this module has no side effects."""

from __future__ import annotations

import logging

from flask import Flask

from sidecar.config import Config
from sidecar.runtime import Runtime, build_runtime
from sidecar.web import auth, errors
from sidecar.web.auth import ShopCache
from sidecar.web.flood import FloodGuard

MAX_BODY_BYTES = 2 * 1024 * 1024


def create_app(config: Config | None = None, runtime: Runtime | None = None) -> Flask:
    runtime = runtime or build_runtime(config)
    app = Flask("sidecar")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.config["JSON_SORT_KEYS"] = False
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions["sidecar"] = runtime
    app.extensions["sidecar.shops"] = ShopCache(runtime.config.shop_cache_seconds)
    app.extensions["sidecar.flood"] = FloodGuard(runtime.config.shop_rate_per_second)
    logging.getLogger("sidecar").setLevel(runtime.config.log_level)

    from sidecar.web import (
        api,
        api_backfill,
        api_exact,
        api_orders,
        api_pairing,
        api_proposal,
        health,
        hooks,
        oauth,
    )

    for blueprint in (
        api.bp,
        api_backfill.bp,
        api_exact.bp,
        api_orders.bp,
        api_pairing.bp,
        api_proposal.bp,
        health.bp,
        hooks.bp,
        oauth.bp,
    ):
        app.register_blueprint(blueprint)
    errors.register(app)
    auth.register(app)
    return app


def wsgi() -> Flask:
    """Entry point for gunicorn: ``gunicorn 'sidecar.app:wsgi()'``."""
    return create_app()
