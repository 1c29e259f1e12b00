"""WordPress REST errors: ``{"code", "message", "data": {"status", ...}}``, as WP_Error renders."""

from __future__ import annotations

from typing import Any

from flask import Response

from .jsonout import json_response


class WPError(Exception):
    def __init__(
        self,
        code: str,
        message: str,
        status: int,
        headers: dict[str, str] | None = None,
        **data: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.headers = headers or {}
        self.data = data

    def body(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "data": {"status": self.status, **self.data},
        }

    def to_response(self) -> Response:
        return json_response(self.body(), self.status, self.headers)


def invalid_params(problems: dict[str, str], details: dict[str, dict] | None = None) -> WPError:
    """WP_REST_Request::has_valid_params(): 400 rest_invalid_param naming every bad parameter."""
    names = ", ".join(problems)
    extra: dict[str, Any] = {"params": problems}
    if details:
        extra["details"] = details
    return WPError("rest_invalid_param", f"Invalid parameter(s): {names}", 400, **extra)


def missing_params(names: list[str]) -> WPError:
    return WPError(
        "rest_missing_callback_param",
        f"Missing parameter(s): {', '.join(names)}",
        400,
        params=names,
    )


NO_ROUTE = ("rest_no_route", "No route was found matching the URL and request method.", 404)


def no_route() -> WPError:
    return WPError(*NO_ROUTE)
