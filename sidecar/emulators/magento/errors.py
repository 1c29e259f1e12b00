"""Magento Web API errors: ``{"message": "...%1...", "parameters": [...]}``.

Magento keeps the placeholders in ``message`` and sends the values apart (``parameters``, a list
for ``%1`` or an object for ``%name``); an InputException with several problems answers
"One or more input exceptions have occurred." with ``errors``. HTTP status by exception class:
NoSuchEntity 404, Authentication/Authorization 401, Input and the rest 400.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from sidecar.emulators.woocommerce.jsonout import json_response

NO_ENTITY = "The entity that was requested doesn't exist. Verify the entity and try again."
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
TYPE_INVALID = (
    'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.'
)
REQUIRED = '"%fieldName" is required. Enter and try again.'


class MagentoError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        parameters: list[Any] | dict[str, Any] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters
        self.errors = errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message}
        if self.errors:
            body["errors"] = self.errors
        if self.parameters:
            body["parameters"] = self.parameters
        return body

    def to_response(self) -> Response:
        return json_response(self.body(), self.status)


def required(*names: str) -> MagentoError:
    """Magento's InputException for missing fields: one error is the message itself."""
    if len(names) == 1:
        return MagentoError(400, REQUIRED, {"fieldName": names[0]})
    errors = [{"message": REQUIRED, "parameters": {"fieldName": n}} for n in names]
    return MagentoError(400, "One or more input exceptions have occurred.", errors=errors)


def not_authorized(resource: str) -> MagentoError:
    return MagentoError(401, NOT_AUTHORIZED, {"resources": resource})


def type_invalid(value: Any, type_name: str) -> MagentoError:
    return MagentoError(400, TYPE_INVALID, {"value": value, "type": type_name})
