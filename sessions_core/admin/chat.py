"""The chat messages of every session ({% chat %}: engine/chat.py), read-only for lab managers.

A session's change page links to its own messages (session_tools: "Chat", the list filtered
by the session). The messages are data as participants sent them: nobody edits or deletes them
here (deleting the session deletes them).
"""
from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sessions_core.models import ChatMessage


@admin.register(ChatMessage)
class ChatMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "session", "channel", "nickname", "body", "participant_id")
    list_filter = ("session",)
    list_select_related = ("session",)
    search_fields = ("session__name", "channel", "nickname", "body")
    ordering = ("-id",)
    readonly_fields = ("session", "channel", "participant_id", "nickname", "body", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ChatMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ChatMessage | None = None) -> bool:
        return False
