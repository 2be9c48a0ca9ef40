"""The OpenAPI schema of the REST API (drf-spectacular): every operation also documents the
refusals it can answer with, in the one error shape of sessions_core/web/rest.py.

settings.REST_FRAMEWORK names QuorumAutoSchema, so rooms and sessions views get it alike; a view
documents only its successful bodies (extend_schema), the errors are added here.
"""
from __future__ import annotations

import inspect
from typing import Any

from drf_spectacular.openapi import AutoSchema

from sessions_core.web.rest import ApiError

ERRORS = {
    "400": "bad input: the body, a query parameter or a value is refused",
    "401": "no credentials (a token or an admin login)",
    "403": "not staff, or without the Django model permission this method needs",
    "404": "no such object (or no endpoint at this address)",
    "409": "the request is fine but the current state refuses it",
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class QuorumAutoSchema(AutoSchema):
    def get_operation_id(self) -> str:
        """<path words>_<verb>: sessions_list, sessions_read, sessions_initialize_post,
        room_open_patch (the seed's singular path) beside rooms_open_patch: unique per path
        shape and method, so no operation gets a numeral suffix."""
        words = [part.replace("-", "_") for part in self.path.strip("/").split("/")
                 if part and not part.startswith("{")]
        words = words[3:] if words[:3] == ["admin", "api", "v1"] else words
        if self.method == "GET":
            verb = "read" if self.path.rstrip("/").endswith("}") else "list"
        else:
            verb = self.method.lower()
        return "_".join([*words, verb])

    def get_description(self) -> str:  # type: ignore[override]  # drf-spectacular's signature
        """The method's docstring, else the view class's own (a base class's docstring is about
        the code, not this endpoint)."""
        method = getattr(self.view, self.method.lower(), None)
        doc = getattr(method, "__doc__", None) or type(self.view).__dict__.get("__doc__")
        return inspect.cleandoc(doc) if doc else ""

    def _error_codes(self) -> list[str]:
        codes = ["401", "403"]
        if self.method in UNSAFE or self._get_filter_parameters() or self.get_override_parameters():
            codes.append("400")
        if "{" in self.path:
            codes.append("404")
        if self.method in UNSAFE:
            codes.append("409")
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ApiError, code, direction=direction)
                responses[code] = {**response, "description": ERRORS[code]}
        return responses
