"""The REST API's defaults that settings.REST_FRAMEWORK names: the JSON parser.

DRF imports these while its views module loads, so this module must not import
rest_framework.views (nor sessions_core.web.rest, which does).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

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

