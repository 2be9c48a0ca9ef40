"""A test-only URL configuration: the project's URLs plus a view that fails."""
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("test-only/fail/", failing_view), *project_urlpatterns]
