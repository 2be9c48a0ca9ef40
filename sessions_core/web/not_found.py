"""The project's 404 for addresses that match no route (handler404 in config/urls.py): JSON
under the REST API, the styled page (templates/404.html) everywhere else."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/admin/api/"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "not found: no endpoint or object at this address"},
                            status=404)
    return defaults.page_not_found(request, exception or Http404())
