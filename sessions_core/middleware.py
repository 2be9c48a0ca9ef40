"""Refuse request bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads them."""
from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
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
        return self.get_response(request)
