"""The REST API's defaults that settings.REST_FRAMEWORK names: the JSON parser and the
permission class of every view.

DRF imports these while its views module loads, so this module must not import
rest_framework.views (nor sessions_core.web.rest, which does).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

if TYPE_CHECKING:  # a type only: importing DRF's views here would be an import cycle
    from rest_framework.views import APIView

MAX_JSON_DEPTH = 32  # arrays and objects inside each other; Quorum's bodies need 2 or 3


def _depth_beyond(data: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` deep (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children: Iterable[Any] = (value.values() if isinstance(value, dict)
                                   else value if isinstance(value, list) else ())
        if isinstance(value, (dict, list)) and depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing bodies nested more than MAX_JSON_DEPTH deep with a 400.

    json raises RecursionError (not a ValueError, so DRF let it through as a 500) when nesting
    passes Python's recursion limit; a shallower but still absurd nesting is refused too, so the
    answer does not depend on how deep the server's stack happens to be.
    """

    def parse(self, stream: IO[Any], media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        too_deep = f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep"
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(too_deep) from None
        if _depth_beyond(data, MAX_JSON_DEPTH):
            raise ParseError(too_deep)
        return data


class DeclaredModelPermissions(BasePermission):
    """The Django model permissions a view declares for each HTTP method it handles:

        required_permissions = {"GET": ("rooms.view_room",), "POST": ("rooms.add_room",)}

    The user needs all of them (a superuser has every permission). HEAD needs what GET needs,
    OPTIONS (the schema of the endpoint) nothing more than staff. A method the view handles but
    does not list is refused: a new view is closed until it says what it needs.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        method = "GET" if request.method == "HEAD" else str(request.method)
        if method == "OPTIONS" or not hasattr(view, method.lower()):
            return True  # the schema, or a 405 for a method the view does not have
        declared: Mapping[str, Iterable[str]] = getattr(view, "required_permissions", {})
        needed = declared.get(method)
        return needed is not None and request.user.has_perms(tuple(needed))
