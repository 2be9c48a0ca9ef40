"""The project's 404 for addresses that match no route (handler404 in config/urls.py): JSON
under the REST API, a page that says what to do everywhere else."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/admin/api/"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "not found: no endpoint or object at this address"},
                            status=404)
    return render(request, "quorum/message.html", {
        "title": "Page not found",
        "message": "There is nothing at this address. Check the link you were given.",
    }, status=404)
