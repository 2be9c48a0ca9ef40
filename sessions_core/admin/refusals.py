"""Entries refused by a SessionType's entry rules (participants/eligibility.py), read-only.

The list filters by rule, entry, SessionType, platform and date, and "Download CSV" downloads
the refusals the list shows (its filters and search applied). Refusals stay when their session
is deleted (their session becomes empty). The session's own export does not hold them: a
refused person has no participant row, and the refusals of a room's first arrival belong to no
session at all; a session's refusals are the list filtered by that session.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from participants.models import EntryRefusal

CSV_COLUMNS = ("created_at", "session_type", "session", "room", "entry", "label", "external_id",
               "rule", "reason", "platform", "user_agent")


def _cell(text: str) -> str:
    """A browser's header as a CSV cell that a spreadsheet shows and never runs as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(EntryRefusal)
class EntryRefusalAdmin(admin.ModelAdmin):
    list_display = ("created_at", "session_type", "session", "room", "entry", "label",
                    "external_id", "rule", "platform")
    list_filter = ("rule", "entry", "session_type", "platform", "created_at", "room")
    list_select_related = ("session",)
    search_fields = ("label", "external_id", "session__name", "room", "user_agent")
    date_hierarchy = "created_at"
    readonly_fields = CSV_COLUMNS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: EntryRefusal | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: EntryRefusal | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        return [path("csv/", self.admin_site.admin_view(self.csv_view),
                     name="participants_entryrefusal_csv"), *super().get_urls()]

    def changelist_view(self, request: HttpRequest,
                        extra_context: dict[str, Any] | None = None) -> HttpResponse:
        query = request.GET.urlencode()
        url = reverse("admin:participants_entryrefusal_csv") + (f"?{query}" if query else "")
        return super().changelist_view(request, {**(extra_context or {}), "csv_url": url})

    def csv_view(self, request: HttpRequest) -> HttpResponse:
        """The refusals the list shows with the same query string, as CSV (in one response:
        refusals are few; the list's date filters cut a long log)."""
        if not self.has_view_permission(request):
            return HttpResponse("You may not view entry refusals.", status=403)
        refusals = (self.get_changelist_instance(request).get_queryset(request)
                    .select_related("session").order_by("created_at", "id"))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for refusal in refusals.iterator(chunk_size=1000):
            writer.writerow([
                refusal.created_at.isoformat(), refusal.session_type,
                refusal.session.name if refusal.session else "", refusal.room, refusal.entry,
                refusal.label, refusal.external_id, refusal.rule, refusal.reason,
                refusal.platform, _cell(refusal.user_agent)])
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="entry-refusals-{stamp}.csv"'
        return response
