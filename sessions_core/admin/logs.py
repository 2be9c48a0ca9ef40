"""The records apps stored with participant.log, read-only for lab managers.

A session's change page links to its own records (session_tools: "Logs", the list filtered by
the session). They are data as the apps logged them: nobody edits or deletes them here
(deleting the session deletes them).
"""
from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from participants.models import ParticipantLog


@admin.register(ParticipantLog)
class ParticipantLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "participant", "name", "data", "app_label", "round_number",
                    "page_name")
    list_filter = ("session",)
    list_select_related = ("participant__session",)
    search_fields = ("session__name", "participant__name", "name")
    ordering = ("-id",)
    readonly_fields = ("session", "participant", "name", "data", "app_label", "round_number",
                       "page_name", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest,
                              obj: ParticipantLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest,
                              obj: ParticipantLog | None = None) -> bool:
        return False
