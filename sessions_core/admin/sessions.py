"""Lab managers' admin: create sessions, see participant links, initialize, pay out.

Admin views parse input, call a service and render (STYLE.md).
"""
from __future__ import annotations

import logging
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from kombu.exceptions import OperationalError as BrokerUnreachable

from participants.models import Participant
from sessions_core.errors import QuorumError
from sessions_core.experimenter.registry import session_types
from sessions_core.lifecycle.services import (
    MAX_PARTICIPANTS,
    session_create,
    session_delete,
)
from sessions_core.lifecycle.tasks import session_compute_payments_task, session_initialize_task
from sessions_core.models import Session

log = logging.getLogger(__name__)


class SessionCreateForm(forms.Form):
    session_type = forms.ChoiceField(choices=())
    num_participants = forms.IntegerField(min_value=1, max_value=MAX_PARTICIPANTS,
                                          label="Number of participants")
    label = forms.CharField(max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["session_type"]).choices = [
            (st.name, f"{st.display_name} ({st.name})") for st in session_types()]


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ("id_in_session", "link", "label", "status", "app_index", "round_number",
              "page_index", "payment")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("id_in_session",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="participant link")
    def link(self, obj: Participant) -> str:
        url = obj.get_absolute_url()
        return format_html('<a href="{}" target="_blank">{}</a>', url, url)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("name", "session_type", "num_participants", "label", "created_at",
                    "initialized", "finished_at")
    list_filter = ("session_type", "initialized", "is_test")
    search_fields = ("name", "label", "session_type")
    readonly_fields = ("name", "session_type", "config", "vars", "num_participants",
                       "initialized", "created_at", "finished_at", "payments_computed_at")
    fields = ("name", "session_type", "label", "is_test", "num_participants", "initialized",
              "created_at", "finished_at", "payments_computed_at", "config", "vars")
    inlines = [ParticipantInline]
    actions = ["initialize_sessions", "compute_payments"]

    def get_urls(self) -> list[Any]:
        return [path("create/", self.admin_site.admin_view(self.create_view),
                     name="sessions_core_session_create"), *super().get_urls()]

    def add_view(self, request: HttpRequest, form_url: str = "",
                 extra_context: Any = None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:sessions_core_session_create"))

    def create_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SessionCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                session = session_create(session_type_name=form.cleaned_data["session_type"],
                                         num_participants=form.cleaned_data["num_participants"],
                                         label=form.cleaned_data["label"])
            except QuorumError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"Session {session.name} created with "
                                  f"{session.num_participants} participant links.")
                return HttpResponseRedirect(
                    reverse("admin:sessions_core_session_change", args=[session.pk]))
        context = {**self.admin_site.each_context(request), "form": form,
                   "opts": self.model._meta, "title": "Create a session",
                   "submit_label": "Create session"}
        return render(request, "admin/quorum/form.html", context)

    def delete_model(self, request: HttpRequest, obj: Session) -> None:
        session_delete(session=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        for session in queryset:
            session_delete(session=session)

    @admin.action(description="Initialize (create players, run creating_session)",
                  permissions=["change"])
    def initialize_sessions(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        if self._send_each(request, session_initialize_task, queryset, "Initialization"):
            self.message_user(request,
                              f"Initialization started for {queryset.count()} session(s).")

    @admin.action(description="Compute payments", permissions=["change"])
    def compute_payments(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        if self._send_each(request, session_compute_payments_task, queryset, "Payments"):
            self.message_user(request, "Payments are being computed.", messages.INFO)

    def _send_each(self, request: HttpRequest, task: Any, sessions: QuerySet[Session],
                   what: str) -> bool:
        """Send task(session id) for each session. When the broker cannot be reached (sending is
        bounded: config/settings.py) say so to the lab manager, log one line, and return False."""
        sent = 0
        for session in sessions:
            try:
                task.delay(session.pk)
            except BrokerUnreachable as error:
                log.warning("%s task for session %s not sent: %s: %s", what, session.name,
                            type(error).__name__, error)
                self.message_user(request, f"{what} not started: the task worker (Redis) is "
                                  f"unreachable: {error}. Sent for {sent} of {len(sessions)} "
                                  "session(s); run the action again once Redis is back.",
                                  messages.ERROR)
                return False
            sent += 1
        return True


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("name", "session", "id_in_session", "label", "status", "app_index",
                    "round_number", "page_index", "payment")
    list_filter = ("status",)
    search_fields = ("name", "label", "session__name")
    readonly_fields = ("session", "name", "id_in_session", "status", "app_index",
                       "round_number", "page_index", "payment", "vars", "created_at",
                       "started_at", "finished_at")
    fields = ("session", "name", "id_in_session", "label", *readonly_fields[3:])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
