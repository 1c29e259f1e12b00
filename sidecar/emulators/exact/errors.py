"""Exact's error answers, raised anywhere in the emulator and rendered in one place.

The body shape is OData v2's ``{"error": {"code": "", "message": {"lang": "", "value": ...}}}``,
which is what Exact sends and what every client parses (reference §3.5).
"""

from __future__ import annotations

import json

from flask import Response


class ExactError(Exception):
    """An answer Exact would give instead of the normal result."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        body: object | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})
        # A body that is not the OData error shape (the token endpoint uses OAuth's own).
        self.body = body

    def to_response(self) -> Response:
        if self.body == "":  # Exact's 429 often has no body at all ("Error 429:", picqer #520)
            response = Response(b"", status=self.status, content_type="text/html")
            for name, value in self.headers.items():
                response.headers[name] = value
            return response
        payload = self.body if self.body is not None else error_body(self.message)
        response = Response(
            json.dumps(payload), status=self.status, content_type="application/json; charset=utf-8"
        )
        for name, value in self.headers.items():
            response.headers[name] = value
        return response


def error_body(message: str) -> dict[str, object]:
    return {"error": {"code": "", "message": {"lang": "", "value": message}}}


def bad_request(message: str) -> ExactError:
    """A request Exact cannot read (malformed JSON, an unknown property, a bad key or query)."""
    return ExactError(400, message)


def invalid(message: str) -> ExactError:
    """A business-validation refusal ("Verplicht: Dagboek", an unknown reference, a blocked
    code): real Exact answers these with HTTP 500 and its text in the OData error body (reference
    fidelity E1-E4; the dotnet client's "InternalServerError: Please find the validation errors in
    the error message"), not 400. Nothing is stored. Several problems are joined by CRLF."""
    return ExactError(500, message)


def not_found(message: str = "Resource not found") -> ExactError:
    return ExactError(404, message)


def query_syntax(detail: str) -> ExactError:
    """Exact reports malformed query options as 'Error in query syntax' (picqer #609)."""
    return ExactError(400, f"Error in query syntax. {detail}".strip())
