"""The Flask app standing in for a WordPress + WooCommerce site, and ``serve`` for a CLI.

Cross-cutting behaviour lives in request hooks so every route gets it the same way: injected
faults first (they model the host and network, which answer before WordPress), then
WooCommerce's authentication and the key's read/write flag (before routing, as WordPress runs
them), and the request log plus the after-commit faults last.
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

from .auth import authenticate, check_permissions, describe
from .config import WooConfig
from .control import bp as control_bp
from .emulator import WooEmulator
from .errors import WPError, no_route
from .jsonout import json_response, loads
from .routes import bp as rest_bp
from .subresources import bp as sub_bp

log = logging.getLogger(__name__)
CRITICAL = (
    "<p>There has been a critical error on this website.</p>"
    '<p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">'
    "Learn more about troubleshooting WordPress.</a></p>"
)
MAINTENANCE = (
    "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>"
    '<div class="wp-die-message"><h1>Briefly unavailable for scheduled maintenance. '
    "Check back in a minute.</h1></div></body></html>"
)


def fault_response(fault: Any) -> Response:
    """What the site (or the host in front of it) answers when a fault says it fails."""
    if fault.status == 500:
        body = {
            "code": "internal_server_error",
            "message": fault.message or CRITICAL,
            "data": {"status": 500},
            "additional_errors": [],
        }
        return json_response(body, 500)
    if fault.status == 503:  # wp_maintenance(): HTML, Retry-After 600
        response = Response(fault.message or MAINTENANCE, 503, mimetype="text/html")
        response.headers["Retry-After"] = "600"
        return response
    if fault.status == 429:  # a host's rate limiter or WAF, not WordPress
        response = Response(fault.message or "Too Many Requests", 429, mimetype="text/html")
        response.headers["Retry-After"] = "60"
        return response
    return WPError(
        "emulated_fault", fault.message or "Emulated failure.", fault.status
    ).to_response()


def _logged_body() -> Any:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    raw = request.get_data(as_text=True)[:65536]
    if request.mimetype == "application/json":
        with contextlib.suppress(ValueError):
            return loads(raw)
    return raw


def create_app(config: WooConfig | None = None) -> Flask:
    config = config or WooConfig()
    emu = WooEmulator(config)
    app = Flask("woocommerce_emulator")
    app.extensions["woocommerce_emulator"] = emu
    app.register_blueprint(control_bp)
    app.register_blueprint(rest_bp)
    app.register_blueprint(sub_bp)

    @app.before_request
    def before() -> Response | None:
        g.fault = None
        g.caller = None
        if request.path.startswith("/_emulator"):
            return None
        fault = emu.faults.take(request.method, request.path)
        if fault is not None:
            g.fault = fault.kind
            g.fault_obj = fault
            if fault.kind == "status":
                return fault_response(fault)
            if fault.kind == "latency":
                time.sleep(fault.delay)
        if request.path.startswith("/wp-json/"):
            caller = authenticate(request, config, emu.nonces, emu.clock.now())
            g.caller = caller
            if caller.error is not None:
                raise caller.error
            problem = check_permissions(caller, request.method)
            if problem is not None:
                raise problem
        return None

    @app.errorhandler(WPError)
    def wp_error(exc: WPError) -> Response:
        return exc.to_response()

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            if request.path.startswith("/wp-json/") and exc.code in (404, 405):
                return no_route().to_response()  # WordPress: any unmatched method/path
            return exc
        log.error("woocommerce emulator error: %s", traceback.format_exc())
        body = {"code": "internal_server_error", "message": CRITICAL, "data": {"status": 500}}
        return json_response(body, 500)

    @app.after_request
    def finish(response: Response) -> Response:
        if request.path.startswith("/_emulator"):
            return response
        caller = g.get("caller")
        who = describe(caller) if caller is not None else {"auth": None, "consumer_key": None}
        emu.log.add(
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            status=response.status_code,
            time=emu.clock.now(),
            fault=g.get("fault"),
            body=_logged_body(),
            **who,
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


def serve(host: str, port: int, config: WooConfig | None = None) -> None:
    """Serve until interrupted (threaded: the sidecar's workers call at once)."""
    app = create_app(config)
    server = make_server(host, port, app, threaded=True)
    print(f"WooCommerce emulator on http://{host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
