"""Exact Online's OAuth callback, and the page where a shop owner picks the administration.

The shop owner arrives here from Exact's consent screen, in a browser, so answers are small HTML
pages in plain words (never JSON), and every link back to the shop goes to the ``return_url``
the plugin gave, which must be on the shop's own host.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import Blueprint, current_app, redirect, render_template_string, request
from werkzeug.wrappers import Response

from sidecar.exact import auth
from sidecar.exact.connect import Division, choose_division, complete_authorization
from sidecar.exact.errors import ExactPermanent, ExactRetryable, NotConnected
from sidecar.runtime import Runtime
from sidecar.sync.pushback import status_poll

bp = Blueprint("oauth", __name__, url_prefix="/oauth/exact")

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>exact-sidecar</title><style>body{font-family:sans-serif;max-width:36em;margin:3em auto}
</style></head><body><h1>{{ title }}</h1><p>{{ message }}</p>
{% if divisions %}<form method="post" action="{{ action }}">
<input type="hidden" name="token" value="{{ token }}">
{% for d in divisions %}<p><label><input type="radio" name="division" value="{{ d.code }}"
{% if d.code == current %}checked{% endif %}> {{ d.name }} ({{ d.code }})</label></p>{% endfor %}
<p><button type="submit">Use this administration</button></p></form>{% endif %}
{% if back %}<p><a href="{{ back }}">Back to the shop</a></p>{% endif %}</body></html>"""


def _rt() -> Runtime:
    return current_app.extensions["sidecar"]


def _page(title: str, message: str, status: int = 200, **extra) -> tuple[str, int]:  # noqa: ANN003
    return render_template_string(_PAGE, title=title, message=message, **extra), status


def with_result(url: str, result: str) -> str:
    parts = urlsplit(url)
    query = (parts.query + "&" if parts.query else "") + urlencode({"exact": result})
    return urlunsplit(parts._replace(query=query))


COOKIE = "exact_sidecar_oauth"


@bp.get("/start")
def start() -> Response | tuple[str, int]:
    """The first stop of the admin's browser: remember it (a cookie only this sidecar can make
    for this sign-in), then go on to Exact's consent page."""
    rt = _rt()
    text = request.args.get("state", "")
    state = auth.open_state(rt, text, consume=False)
    if state is None:
        return _page(
            "This sign-in link has expired",
            "Start again from the Exact Online section of the shop's settings page.",
            400,
        )
    response = redirect(auth.exact_authorize_url(rt, text, state["r"]))
    response.set_cookie(
        COOKIE,
        auth.browser_binding(rt, state),
        max_age=auth.STATE_TTL_SECONDS,
        path="/oauth/exact",
        secure=request.is_secure or str(rt.config.public_url or "").startswith("https://"),
        httponly=True,
        samesite="Lax",  # sent on Exact's top-level redirect back to the callback
    )
    return response


@bp.get("/callback")
def callback() -> Response | tuple[str, int]:
    rt = _rt()
    peek = auth.open_state(rt, request.args.get("state", ""), consume=False)
    if peek is not None and request.cookies.get(COOKIE) != auth.browser_binding(rt, peek):
        return _page(
            "Finish the sign-in in the browser that started it",
            "This Exact Online sign-in was started in another browser (or its link was opened "
            "elsewhere). Start again from the Exact Online section of the shop's settings page.",
            400,
        )
    state = auth.open_state(rt, request.args.get("state", ""))
    if state is None:
        return _page(
            "This sign-in link has expired",
            "Start again from the Exact Online section of the shop's settings page.",
            400,
        )
    back = state["u"]
    if request.args.get("error"):
        response = redirect(with_result(back, "denied"))
        response.delete_cookie(COOKIE, path="/oauth/exact")
        return response
    code = request.args.get("code", "")
    if not code:
        return _page(
            "Exact Online sent no authorisation",
            "Start again from the shop's settings page.",
            400,
            back=back,
        )
    try:
        connected = complete_authorization(rt, state["s"], state["r"], code)
        status_poll.on_connected(rt, state["s"])
    except ExactRetryable:
        return _page(
            "Exact Online did not answer",
            "Nothing was changed. Please try again in a minute.",
            503,
            back=back,
        )
    except ExactPermanent as exc:
        return _page("Exact Online refused the sign-in", exc.exact_message, 400, back=back)
    if len(connected.divisions) <= 1:
        return redirect(with_result(back, "connected"))
    token = auth.sign_state(
        rt, {"s": state["s"], "u": back, "d": [[d.code, d.name] for d in connected.divisions]}
    )
    return _page(
        "Choose the Exact Online administration",
        f"Signed in as {connected.user}. Orders from this shop will be booked in the "
        "administration you choose:",
        divisions=connected.divisions,
        current=connected.current,
        token=token,
        action="/oauth/exact/division",
        back=None,
    )


@bp.post("/division")
def division() -> Response | tuple[str, int]:
    rt = _rt()
    state = auth.open_state(rt, request.form.get("token", ""))
    if state is None:
        return _page(
            "This page has expired",
            "Start again from the Exact Online section of the shop's settings page.",
            400,
        )
    divisions = [Division(int(code), name) for code, name in state["d"]]
    try:
        chosen = int(request.form.get("division", ""))
        choose_division(rt, state["s"], chosen, divisions)
        status_poll.on_connected(rt, state["s"])
    except ValueError:
        return _page(
            "Choose one of the listed administrations",
            "Start again from the shop's settings page.",
            400,
            back=state["u"],
        )
    except NotConnected:  # disconnected (or the shop removed) while this page was open
        return _page(
            "Exact Online is no longer connected",
            "Start again from the Exact Online section of the shop's settings page.",
            409,
            back=state["u"],
        )
    return redirect(with_result(state["u"], "connected"))
