"""The Flask app standing in for ``https://start.exactonline.<tld>``, and ``serve`` for the CLI.

Cross-cutting behaviour lives in request hooks so every endpoint gets it the same way: injected
faults before the handler, the rate-limit headers, the error block and the request log after it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import time
import traceback
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, g, redirect, request
from werkzeug.serving import make_server

from .api import handle_api, json_response, split_path
from .config import EmulatorConfig
from .control import bp as control_bp
from .emulator import Emulator
from .errors import ExactError
from .webhooks import _is_loopback

log = logging.getLogger(__name__)
TOKEN_PATH = "/api/oauth2/token"  # noqa: S105 (a URL path, not a secret)
BLOCKABLE = {400, 401, 403, 404}
APIGEE_FAULT = {
    "fault": {
        "faultstring": "Failed to execute the ExtractVariables: ExtractAccessToken",
        "detail": {"errorcode": "steps.extractvariables.ExecutionFailed"},
    }
}


def _fault_response(fault, path: str, emu: Emulator) -> Response:
    if fault.status == 500 and path == TOKEN_PATH:
        return json_response(APIGEE_FAULT, 500)
    if fault.status == 429:
        # The headers a real exhausted window sends: the configured window on the emulator's
        # clock, so a client waits as long as it would for the limiter's own 429.
        window_ms = emu.config.window_seconds * 1000
        now_ms = int(emu.clock.now() * 1000)
        raise ExactError(
            429,
            fault.message or "Too many requests",
            headers={
                "X-RateLimit-Minutely-Limit": str(emu.config.minute_limit),
                "X-RateLimit-Minutely-Remaining": "0",
                "X-RateLimit-Minutely-Reset": str(now_ms - now_ms % window_ms + window_ms),
            },
            body=None if fault.message else "",  # Exact's own 429 is often empty
        )
    default = {
        500: "A problem has occurred. The cause of this issue will be investigated as soon as "
        "possible.",
        503: "Service Unavailable",
    }
    raise ExactError(fault.status, fault.message or default.get(fault.status, "Error"))


def _label(emu: Emulator, path: str) -> None:
    """Name the endpoint and division of a call answered by a fault, for the request log."""
    if path == TOKEN_PATH:
        g.endpoint = "oauth2/token"
    head, _, remainder = path.removeprefix("/api/v1/").partition("/")
    if path.startswith("/api/v1/") and head.isdigit():
        endpoint, _key, _tail = split_path(emu, remainder)
        g.division = int(head)
        g.endpoint = endpoint.path if endpoint is not None else None


def _redirect_allowed(config: EmulatorConfig, uri: str) -> bool:
    if uri in config.redirect_uris:
        return True
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and _is_loopback(parts.hostname)


def create_emulator_app(config: EmulatorConfig | None = None) -> Flask:
    config = config or EmulatorConfig()
    emu = Emulator(config)
    app = Flask("exact_emulator")
    app.extensions["exact_emulator"] = emu
    app.register_blueprint(control_bp)

    @app.before_request
    def inject_faults():
        g.fault = None
        if request.path.startswith("/_emulator"):
            return None
        fault = emu.faults.take(request.method, request.path)
        if fault is None:
            return None
        g.fault = fault.kind
        g.fault_obj = fault
        _label(emu, request.path)
        if fault.kind == "status":
            return _fault_response(fault, request.path, emu)
        if fault.kind == "latency":
            time.sleep(fault.delay)
        return None

    @app.errorhandler(ExactError)
    def exact_error(exc: ExactError):
        return exc.to_response()

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if hasattr(exc, "code") and hasattr(exc, "get_response"):
            return exc  # werkzeug HTTP errors (404 on unknown routes, 405, ...)
        log.error("emulator error: %s", traceback.format_exc())
        return ExactError(
            500, f"A problem has occurred. ({type(exc).__name__}: {exc})"
        ).to_response()

    @app.get("/api/oauth2/auth")
    def authorize():
        args = request.args
        if args.get("client_id") != config.client_id:
            raise ExactError(400, f"Client with identifier '{args.get('client_id')}' not found")
        redirect_uri = args.get("redirect_uri", "")
        if not _redirect_allowed(config, redirect_uri):
            raise ExactError(400, "The redirect URI is not registered for this app.")
        if args.get("response_type") != "code":
            raise ExactError(400, "Only response_type=code is supported by the emulator.")
        code = emu.tokens.issue_code(config.client_id, redirect_uri)
        query = {"code": code}
        if "state" in args:
            query["state"] = args["state"]
        separator = "&" if "?" in redirect_uri else "?"
        return redirect(redirect_uri + separator + urlencode(query), code=302)

    @app.post(TOKEN_PATH)
    def token():
        g.endpoint = "oauth2/token"
        if request.mimetype != "application/x-www-form-urlencoded":
            raise ExactError(400, "invalid_request", body={"error": "invalid_request"})
        return json_response(emu.tokens.token(request.form.to_dict()))

    @app.route("/api/v1/<path:rest>", methods=["GET", "POST", "PUT", "DELETE"])
    def api(rest: str):
        return handle_api(emu, rest)

    @app.after_request
    def finish(response: Response):
        if request.path.startswith("/_emulator"):
            return response
        for name, value in (g.get("rate_headers") or {}).items():
            response.headers[name] = value
        client_id = g.get("client_id")
        division = g.get("division")
        endpoint = g.get("endpoint")
        if response.status_code in BLOCKABLE and client_id and division and endpoint:
            emu.limiter.record_error(client_id, division, endpoint)
        emu.log.add(
            method=request.method,
            path=request.path,
            query=request.query_string.decode(),
            endpoint=endpoint,
            division=division,
            status=response.status_code,
            time=emu.clock.now(),
            counted=bool(g.get("counted")),
            fault=g.get("fault"),
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


def serve(host: str, port: int, config: EmulatorConfig | None = None) -> None:
    """Serve the emulator until interrupted (threaded: many clients at once)."""
    app = create_emulator_app(config)
    server = make_server(host, port, app, threaded=True)
    print(f"Exact Online emulator on http://{host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
