"""The Flask app standing in for a Magento 2.4 shop's REST API, and ``serve`` for a CLI.

Request hooks give every route the same treatment: injected faults first (the host answers
before Magento), the request log and the after-commit faults last. Authentication runs inside
each route's ACL check (routes.py), after route matching, as in Magento.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import time
import traceback
from typing import Any

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

from sidecar.emulators.woocommerce.jsonout import json_response, loads

from .config import MagentoConfig
from .control import bp as control_bp
from .emulator import MagentoEmulator
from .errors import MagentoError
from .routes import bp as rest_bp
from .search import INTERNAL

log = logging.getLogger(__name__)
MAINTENANCE = (
    "<!doctype html><html><head><title>Service Temporarily Unavailable</title></head><body>"
    "<h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service "
    "your request due to maintenance downtime or capacity problems. Please try again later.</p>"
    "</body></html>"
)


def fault_response(fault: Any) -> Response:
    if fault.status == 503:  # maintenance mode (var/.maintenance.flag): Magento's HTML page
        return Response(fault.message or MAINTENANCE, 503, mimetype="text/html")
    if fault.status == 429:  # a proxy or WAF in front of the shop
        response = Response(fault.message or "Too Many Requests", 429, mimetype="text/html")
        response.headers["Retry-After"] = "60"
        return response
    return json_response({"message": fault.message or INTERNAL}, fault.status)


def _logged_body() -> Any:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    raw = request.get_data(as_text=True)[:65536]
    with contextlib.suppress(ValueError):
        return loads(raw)
    return raw


def create_app(config: MagentoConfig | None = None) -> Flask:
    config = config or MagentoConfig()
    emu = MagentoEmulator(config)
    app = Flask("magento_emulator")
    app.extensions["magento_emulator"] = emu
    app.register_blueprint(control_bp)
    app.register_blueprint(rest_bp)

    @app.before_request
    def before() -> Response | None:
        g.fault = None
        g.caller = None
        if request.path.startswith("/_emulator"):
            return None
        fault = emu.faults.take(request.method, request.path)
        if fault is None:
            return None
        g.fault = fault.kind
        g.fault_obj = fault
        if fault.kind == "status":
            return fault_response(fault)
        if fault.kind == "latency":
            time.sleep(fault.delay)
        return None

    @app.errorhandler(MagentoError)
    def magento_error(exc: MagentoError) -> Response:
        return exc.to_response()

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            if request.path.startswith("/rest/") and exc.code in (404, 405):
                return json_response({"message": "Request does not match any route."}, 404)
            return exc
        log.error("magento emulator error: %s", traceback.format_exc())
        return json_response({"message": INTERNAL}, 500)

    @app.after_request
    def finish(response: Response) -> Response:
        if request.path.startswith("/_emulator"):
            return response
        caller = g.get("caller")
        integration = caller.integration if caller is not None else None
        emu.log.add(
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            status=response.status_code,
            time=emu.clock.now(),
            auth=caller.method if caller is not None else None,
            consumer_key=integration.consumer_key if integration is not None else None,
            fault=g.get("fault"),
            body=_logged_body(),
        )
        fault = g.get("fault_obj")
        if fault is not None and fault.kind == "timeout_after_commit":
            time.sleep(fault.delay)
        elif fault is not None and fault.kind == "drop_after_commit":
            sock = request.environ.get("werkzeug.socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        return response

    return app


def serve(host: str, port: int, config: MagentoConfig | None = None) -> None:
    app = create_app(config)
    server = make_server(host, port, app, threaded=True)
    print(f"Magento emulator on http://{host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
