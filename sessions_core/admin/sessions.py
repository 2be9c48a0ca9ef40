"""Lab managers' admin: create sessions, see participant links, initialize, pay out.

Admin views parse input, call a service and render (STYLE.md). Every page of a session is
reached from its change page: SessionAdmin.get_urls lists their URLs and session_tools their
links (other pages of a session add one line to each).
"""
from __future__ import annotations

import json
import logging
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from kombu.exceptions import OperationalError as BrokerUnreachable

from participants.models import Participant
from sessions_core.admin import controls, data, monitor, payments, pushes, reports
from sessions_core.admin.create import SessionCreateForm, SessionTypeChoiceForm
from sessions_core.admin.exclusions import exclude_action
from sessions_core.conditions.services import (
    condition_exclude_participant,
    condition_exclude_session,
    condition_summary,
)
from sessions_core.engine.positions import participant_position_name
from sessions_core.engine.quorum import session_quorum_text
from sessions_core.errors import QuorumError
from sessions_core.experimenter.registry import session_type
from sessions_core.lifecycle.progress import State, initialization_mark, initialization_progress
from sessions_core.lifecycle.selectors import session_data_counts
from sessions_core.lifecycle.services import session_create, session_delete
from sessions_core.lifecycle.tasks import session_compute_payments_task, session_initialize_task
from sessions_core.models import Session

log = logging.getLogger(__name__)
NEW, FINISHED = Participant.Status.NEW, Participant.Status.FINISHED


class TestSessionFilter(admin.SimpleListFilter):
    """Test sessions (bots, demo page, marked as tests) are hidden unless asked for."""

    title = "test sessions"
    parameter_name = "test"
    SHOWN = {None: "hidden", "only": "only test sessions", "all": "shown too"}

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        return [(value, label) for value, label in self.SHOWN.items() if value is not None]

    def choices(self, changelist: Any) -> Any:
        for value, label in self.SHOWN.items():
            yield {"selected": self.value() == value, "display": label,
                   "query_string": changelist.get_query_string(
                       {self.parameter_name: value} if value else {}, [self.parameter_name])}

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "all":
            return queryset
        return queryset.filter(is_test=self.value() == "only")


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ("id_in_session", "link", "label", "status", "position", "payment")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("id_in_session",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Participant]:
        return super().get_queryset(request).select_related("session")

    @admin.display(description="participant link")
    def link(self, obj: Participant) -> str:
        url = obj.get_absolute_url()
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    @admin.display(description="position")
    def position(self, obj: Participant) -> str:
        return participant_position_name(obj)


def declared_fields_html(obj: Participant | Session) -> str:
    """The declared fields as "name: value" lines (values as JSON; "not set")."""
    values = obj.declared_values()
    if not values:
        return "none declared"
    return format_html_join(mark_safe("<br>"), "{}: {}", (
        (name, "not set" if value is None else json.dumps(value, ensure_ascii=False,
                                                          sort_keys=True))
        for name, value in values.items()))


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("name", "type_name", "created_at", "participants", "started", "finished",
                    "is_test", "label", "initialized")
    list_filter = (TestSessionFilter, "session_type", "initialized")
    search_fields = ("name", "label", "session_type")
    readonly_fields = ("name", "session_type", "config", "declared_fields", "vars",
                       "num_participants", "quorum", "initialization", "session_wide_link",
                       "created_at", "finished_at", "payments_computed_at", "conditions")
    fields = ("name", "session_type", "label", "is_test", "num_participants", "quorum",
              "initialization",
              "session_wide_link", "created_at", "finished_at", "payments_computed_at",
              "conditions",
              "config", "declared_fields", "vars")
    inlines = [ParticipantInline]
    actions = ["initialize_sessions", "compute_payments", "exclude_sessions"]

    class Media:
        js = ("quorum/admin_session.js",)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("create/", view(self.create_view), name="sessions_core_session_create"),
            path("<path:object_id>/initialization/", view(self.initialization_view),
                 name="sessions_core_session_initialization"),
            *monitor.urls(self), *controls.urls(self), *pushes.urls(self), *payments.urls(self),
            *reports.urls(self), *data.urls(self),
            *super().get_urls(),
        ]

    def session_tools(self, request: HttpRequest, session: Session) -> list[tuple[str, str]]:
        """Links shown above a session's change page: (label, URL)."""
        return [("Session-wide link", reverse("join", args=[session.name])),
                *((name.capitalize(), reverse(f"admin:sessions_core_session_{name}",
                                              args=[session.pk]))
                  for name in ("monitor", "payments", "reports", "data")),
                ("Chat", reverse("admin:sessions_core_chatmessage_changelist")
                 + f"?session__id__exact={session.pk}"),
                ("Logs", reverse("admin:participants_participantlog_changelist")
                 + f"?session__id__exact={session.pk}")]

    # --- the list ---

    def get_queryset(self, request: HttpRequest) -> QuerySet[Session]:
        return super().get_queryset(request).annotate(
            started_count=Count("participant", filter=~Q(participant__status=NEW)),
            finished_count=Count("participant", filter=Q(participant__status=FINISHED)))

    @admin.display(description="SESSION_FIELDS")
    def declared_fields(self, obj: Session) -> str:
        return declared_fields_html(obj)

    @admin.display(description="SessionType", ordering="session_type")
    def type_name(self, obj: Session) -> str:
        try:
            return f"{session_type(obj.session_type).display_name} ({obj.session_type})"
        except LookupError:
            return f"{obj.session_type} (no longer installed)"

    @admin.display(description="conditions")
    def conditions(self, obj: Session) -> str:
        """The design, the session's own condition, and whether condition_overrides apply."""
        lines = condition_summary(obj)
        return format_html_join("", '<p class="{}">{}</p>', lines) if lines else "none"

    @admin.display(description="participants", ordering="num_participants")
    def participants(self, obj: Session) -> int:
        return obj.num_participants

    @admin.display(description="started", ordering="started_count")
    def started(self, obj: Any) -> int:
        return int(obj.started_count)

    @admin.display(description="finished", ordering="finished_count")
    def finished(self, obj: Any) -> int:
        return int(obj.finished_count)

    # --- one session ---

    @admin.display(description="initialization")
    def initialization(self, obj: Session) -> str:
        status = initialization_status(obj)
        url = reverse("admin:sessions_core_session_initialization", args=[obj.pk])
        return format_html(
            '<span id="initialization" data-url="{}" data-state="{}">{}</span> '
            '<progress id="initialization-progress" max="{}" value="{}"></progress>',
            url, status["state"], status["text"], status["total"] or 1,
            status["done"] if status["total"] else int(status["initialized"]))

    @admin.display(description="quorum")
    def quorum(self, obj: Session) -> str:
        """The quorum lobby (engine/quorum.py): waiting n of m, or reached at ..."""
        return session_quorum_text(obj)

    @admin.display(description="session-wide link")
    def session_wide_link(self, obj: Session) -> str:
        url = reverse("join", args=[obj.name])
        return format_html('<a href="{}" target="_blank" rel="noopener" id="session-wide-link">'
                           '{}</a> (each new browser gets the next free participant slot)',
                           url, url)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        session = self.get_object(request, object_id)
        tools = self.session_tools(request, session) if session is not None else []
        return super().change_view(request, object_id, form_url,
                                   {**(extra_context or {}), "session_tools": tools})

    def initialization_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        """How far the session's initialization has got, for the change page's poll."""
        session = Session.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if session is None:
            return JsonResponse({"detail": "no such session"}, status=404)
        if not self.has_view_permission(request, session):
            raise PermissionDenied
        return JsonResponse(initialization_status(session))

    # --- creating ---

    def add_view(self, request: HttpRequest, form_url: str = "",
                 extra_context: Any = None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:sessions_core_session_create"))

    def create_view(self, request: HttpRequest) -> HttpResponse:
        """Step 1 chooses the SessionType (?session_type=), step 2 posts its settings (a
        script may post everything at once, session_type included)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        chosen_by = next((data for data in (request.GET, request.POST) if "session_type" in data),
                         None)
        chooser = SessionTypeChoiceForm(chosen_by)
        form = None
        if chooser.is_valid():
            st = session_type(chooser.cleaned_data["session_type"])
            form = SessionCreateForm(request.POST if request.method == "POST" else None,
                                     session_type=st)
            if request.method == "POST" and form.is_valid():
                session = self._create(form)
                if session is not None:
                    self._queue_initialization(request, session)
                    return HttpResponseRedirect(
                        reverse("admin:sessions_core_session_change", args=[session.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": "Create a session", "chooser": chooser, "form": form,
                   "session_type": form.chosen if form is not None else None}
        return render(request, "admin/quorum/session_create.html", context)

    def _create(self, form: SessionCreateForm) -> Session | None:
        try:
            return session_create(session_type_name=form.chosen.name,
                                  num_participants=form.cleaned_data["num_participants"],
                                  label=form.cleaned_data["label"],
                                  is_test=form.cleaned_data["is_test"],
                                  config=form.config_overrides())
        except QuorumError as error:
            field = (error.field or "").replace("config.", "config_")
            form.add_error(field if field in form.fields else None, str(error))
            return None

    def _queue_initialization(self, request: HttpRequest, session: Session) -> None:
        """Send the initialization task; when the broker is away, the first page load will
        initialize the session instead, and the lab manager is told so."""
        initialization_mark(session.name, State.QUEUED)
        created = f"Session {session.name} created with {session.num_participants} participant links."
        try:
            session_initialize_task.delay(session.pk)
        except BrokerUnreachable as error:
            log.warning("initialization task for session %s not sent: %s: %s", session.name,
                        type(error).__name__, error)
            initialization_mark(session.name, State.NOT_QUEUED, str(error))
            self.message_user(request, f"{created} Its initialization could not be queued: the "
                              f"task worker (Redis) is unreachable: {error}. It will happen on "
                              "the first page load (or run the Initialize action once Redis is "
                              "back).", messages.WARNING)
            return
        self.message_user(request, f"{created} Its initialization is queued; its progress "
                          "shows below.")

    # --- deleting ---

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, ...]:
        """What a deletion takes with it, counted rather than listed row by row (a session's
        participants and players can be thousands). session_delete removes them all, so the
        session's own delete permission is the one needed."""
        to_delete: list[Any] = []
        counts = {"sessions": 0, "participants": 0, "players' game data": 0}
        for session in objs:
            data = session_data_counts(session=session)
            to_delete += [f"Session {session}", [data.describe()]]
            counts["sessions"] += 1
            counts["participants"] += data.participants
            counts["players' game data"] += data.players
        perms_needed = set() if self.has_delete_permission(request) else {"session"}
        return to_delete, counts, perms_needed, []

    def delete_view(self, request: HttpRequest, object_id: str,
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        session = self.get_object(request, object_id)
        warning = ("Deleting this session also deletes its "
                   f"{session_data_counts(session=session).describe()}. This cannot be undone: "
                   "download the data first.") if session is not None else ""
        return super().delete_view(request, object_id,
                                   {**(extra_context or {}), "data_warning": warning})

    def delete_model(self, request: HttpRequest, obj: Session) -> None:
        session_delete(session=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        for session in queryset:
            session_delete(session=session)

    # --- actions ---

    @admin.action(description="Initialize (create players, run creating_session)",
                  permissions=["change"])
    def initialize_sessions(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        for session in queryset:
            initialization_mark(session.name, State.QUEUED)
        if self._send_each(request, session_initialize_task, queryset, "Initialization"):
            self.message_user(request,
                              f"Initialization started for {queryset.count()} session(s).")

    @admin.action(description="Compute payments", permissions=["change"])
    def compute_payments(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        if self._send_each(request, session_compute_payments_task, queryset, "Payments"):
            self.message_user(request, "Payments are being computed.", messages.INFO)

    @admin.action(description="Exclude from balancing…", permissions=["change"])
    def exclude_sessions(self, request: HttpRequest,
                         queryset: QuerySet[Session]) -> TemplateResponse | None:
        return exclude_action(self, request, queryset, action="exclude_sessions",
                              exclude=lambda s, reason: condition_exclude_session(
                                  session=s, reason=reason))

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


def initialization_status(session: Session) -> dict[str, Any]:
    """The session's initialization for people: stored state first, then the run's report."""
    if session.initialized:
        return {"initialized": True, "state": "done", "done": 0, "total": 0,
                "text": "Initialized"}
    report = initialization_progress(session.name) or {}
    state = report.get("state", "")
    done, total = int(report.get("done", 0)), int(report.get("total", 0))
    text = {
        State.QUEUED: "Queued: waiting for the task worker",
        State.RUNNING: f"Initializing: {done} of {total} steps ({report.get('detail', '')})",
        State.SAVING: "Initializing: saving",
        State.FAILED: f"Failed: {report.get('detail', '')}. It is tried again at the first "
                      "page load, or with the Initialize action.",
        State.NOT_QUEUED: "Not queued (the task worker was unreachable): the first page load "
                          "initializes it",
    }.get(state, "Not initialized yet: the first page load, or the Initialize action, "
                 "initializes it")
    return {"initialized": False, "state": state or "not_started", "done": done,
            "total": total, "text": text}


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("__str__", "name", "label", "status", "position", "payment")
    list_filter = ("status", ("released_at", admin.EmptyFieldListFilter),
                   ("dropped_out_at", admin.EmptyFieldListFilter),
                   ("excluded_at", admin.EmptyFieldListFilter))
    list_select_related = ("session",)
    search_fields = ("name", "label", "session__name")
    readonly_fields = ("session", "name", "id_in_session", "status", "position", "payment",
                       "declared_fields", "vars", "created_at", "started_at", "finished_at",
                       "released_at", "dropped_out_at", "dropout_returned_at", "condition", "stratum",
                       "excluded_at", "excluded_reason", "environment")
    fields = ("session", "name", "id_in_session", "label", *readonly_fields[3:])

    actions = ["exclude_participants"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Exclude from balancing…", permissions=["change"])
    def exclude_participants(self, request: HttpRequest,
                             queryset: QuerySet[Participant]) -> TemplateResponse | None:
        return exclude_action(self, request, queryset, action="exclude_participants",
                              exclude=lambda p, reason: condition_exclude_participant(
                                  participant=p, reason=reason))

    @admin.display(description="position")
    def position(self, obj: Participant) -> str:
        return participant_position_name(obj)

    @admin.display(description="PARTICIPANT_FIELDS")
    def declared_fields(self, obj: Participant) -> str:
        return declared_fields_html(obj)
