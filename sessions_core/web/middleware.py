"""Refuse request bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads them."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


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
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            message = f"The request body is too large ({length} bytes; at most {limit})."
            if request.path.startswith("/admin/api/"):
                return JsonResponse({"detail": message}, status=413)
            return render(request, "quorum/message.html",
                          {"title": "Request too large", "message": message}, status=413)
        return None
