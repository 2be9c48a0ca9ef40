"""The admin site every admin page is registered on: titled Quorum, closed to non-staff.

Django's admin sends a logged-in user who is not staff to the login page, which then says
nothing about why they were sent there; Quorum answers them 403 with a page that says so
(anonymous visitors still go to the login). Model permissions are the ModelAdmins' business.

This module is the AdminConfig's `default_site`, so it must import no model admin: Django
imports it while it builds `admin.site`, before the `admin` modules register on it.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

View = TypeVar("View", bound=Callable[..., Any])


class QuorumAdminSite(AdminSite):
    site_header = "Quorum"
    site_title = "Quorum"
    index_title = "Sessions, participants and rooms"
    site_url = "/"  # "View site": the demo page

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        guarded = super().admin_view(view, cacheable)

        def refusing_non_staff(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not self.has_permission(request):
                return self.not_staff(request)
            return guarded(request, *args, **kwargs)

        return cast(View, update_wrapper(refusing_non_staff, guarded))

    def not_staff(self, request: HttpRequest) -> HttpResponse:
        """403 for a logged-in user without staff status: who they are and what to do."""
        response = TemplateResponse(request, "admin/quorum/not_staff.html", {
            **self.each_context(request), "title": "Not a lab manager's account",
        }, status=403)
        add_never_cache_headers(response)
        return response


class QuorumAdminConfig(AdminConfig):
    """django.contrib.admin with QuorumAdminSite as `admin.site` (INSTALLED_APPS names it)."""

    default_site = "sessions_core.web.admin_site.QuorumAdminSite"
