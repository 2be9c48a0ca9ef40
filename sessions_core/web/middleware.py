"""Refuse request bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads them.

Under ASGI, config.asgi's handler counts the body as it arrives (a chunked upload declares no
length) and answers 413 before Django sees the request; this middleware refuses a declared
Content-Length over the limit on every other path (WSGI, Django's test client). Both answer
with body_too_large."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string


def body_too_large(*, path: str, limit: int) -> HttpResponse:
    """The 413 answer: JSON for the REST API, the styled message page for people. Rendered
    without a request, so it needs no session, user or database."""
    message = f"The request body is too large: at most {limit} bytes are accepted."
    if path.startswith("/admin/api/"):
        return JsonResponse({"detail": message}, status=413)
    html = render_to_string("quorum/message.html", {"title": "Request too large", "message": message})
    return HttpResponse(html, status=413)


def declared_length(value: str | bytes | None) -> int:
    """A Content-Length header's value (0 when absent or not a number: Django reads no body then)."""
    try:
        return int(value or 0)
    except ValueError:
        return 0


class BodySizeLimitMiddleware:
    """Works in both modes, so under ASGI it adds no hop between the event loop and a thread."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
        refusal = self.refusal(request)
        if self.is_async:
            return self._async_call(request, refusal)
        return refusal or self.get_response(request)

    async def _async_call(self, request: HttpRequest,
                          refusal: HttpResponse | None) -> HttpResponse:
        return refusal or await self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and declared_length(request.META.get("CONTENT_LENGTH")) > limit:
            return body_too_large(path=request.path, limit=limit)
        return None
