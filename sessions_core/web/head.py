"""Answers to HEAD requests: a GET's status and headers without its body.

Link previewers and uptime checks send HEAD. RFC 9110 (section 9.3.2) lets the answer carry the
GET's Content-Length or none at all, never another value, so an answer whose body was not
rendered must not let CommonMiddleware add "Content-Length: 0".
"""
from __future__ import annotations

from collections.abc import AsyncIterator

from django.http import HttpResponse, StreamingHttpResponse


def head_of(response: HttpResponse) -> HttpResponse:
    """The GET's response with its body removed and its length kept."""
    response["Content-Length"] = str(len(response.content))
    response.content = b""
    return response


def head_without_length(*, status: int = 200) -> StreamingHttpResponse:
    """An HTML page's headers when its body was not rendered (so its length is unknown): a
    streamed answer, which CommonMiddleware leaves without a length."""
    return StreamingHttpResponse(_nothing(), status=status,
                                 content_type="text/html; charset=utf-8")


async def _nothing() -> AsyncIterator[bytes]:
    """An empty body, as the ASGI handler streams it (an async iterator, so no warning)."""
    empty: tuple[bytes, ...] = ()
    for part in empty:
        yield part
