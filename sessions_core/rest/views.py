"""The sessions API's views: parse, call one service, render (STYLE.md).

A service's refusal (a QuorumError) is not caught here: sessions_core/web/rest.py turns its kind
into the status. Each view declares the Django model permissions of each method
(DeclaredModelPermissions, on top of staff); docs/api.md lists them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from participants.models import Participant
from sessions_core.conditions.services import (
    condition_exclude_participant,
    condition_exclude_session,
)
from sessions_core.data.exports import EXPORT_FORMATS, export_stream
from sessions_core.data.http import export_response
from sessions_core.engine.messages import Pushed, participant_reload, participants_message
from sessions_core.engine.timeouts import Advanced, participant_advance, session_advance_slowest
from sessions_core.engine.visit import participant_visit
from sessions_core.experimenter.registry import session_types
from sessions_core.lifecycle.deadlines import Timers, session_pause_timers, session_resume_timers
from sessions_core.lifecycle.payoffs import session_payments, session_payoff_totals
from sessions_core.lifecycle.services import (
    participant_set_vars,
    session_create,
    session_delete,
    session_initialize,
)
from sessions_core.models import Session
from sessions_core.rest import selectors
from sessions_core.rest.serializers import (
    AdvancedOutput,
    AdvanceSlowestOutput,
    ExcludedOutput,
    ExcludeInput,
    InitializedOutput,
    MessageInput,
    ParticipantDetailOutput,
    ParticipantOutput,
    ParticipantPage,
    ParticipantStartedOutput,
    PaymentsOutput,
    PushedOutput,
    SessionCreatedOutput,
    SessionCreateInput,
    SessionOutput,
    SessionPage,
    SessionTypeOutput,
    TimersOutput,
    VarsOutput,
)
from sessions_core.web.rest import (
    INT32_MAX,
    parse_body,
    query_bool,
    query_int,
    refuse_unknown_query,
)

VIEW_SESSION = ("sessions_core.view_session",)
ADD_SESSION = ("sessions_core.add_session",)
CHANGE_SESSION = ("sessions_core.change_session",)
DELETE_SESSION = ("sessions_core.delete_session",)
VIEW_PARTICIPANT = ("participants.view_participant",)
CHANGE_PARTICIPANT = ("participants.change_participant",)

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
PAGE_QUERY = ["limit", "offset"]
PAGE_PARAMETERS = [
    OpenApiParameter("limit", int, description=f"rows per page, 1 to {MAX_LIMIT} "
                     f"(default {DEFAULT_LIMIT})"),
    OpenApiParameter("offset", int, description="rows to skip (default 0)"),
]


def _paged(request: Request, rows: QuerySet[Any],
           render: Callable[[list[Any]], list[dict[str, Any]]]) -> dict[str, Any]:
    """One page of rows: {"count", "next", "previous", "results"} (limit and offset)."""
    limit = query_int(request, "limit", default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    offset = query_int(request, "offset", default=0, low=0, high=INT32_MAX)
    count = rows.count()
    url = request.build_absolute_uri()
    following = replace_query_param(url, "offset", offset + limit) if offset + limit < count \
        else None
    earlier = None if offset == 0 else (remove_query_param(url, "offset") if offset <= limit
                                        else replace_query_param(url, "offset", offset - limit))
    return {"count": count, "next": following, "previous": earlier,
            "results": render(list(rows[offset:offset + limit]))}


def _points(value: Decimal) -> str:
    """Points as the same text on every database (PostgreSQL keeps the column's six decimal
    places, SQLite none): "42", "42.5"."""
    return format(Decimal(value).normalize(), "f")


def _session_body(session: Session) -> dict[str, Any]:
    return dict(SessionOutput(session).data)


def _participants_body(session: Session, participants: Iterable[Participant], request: Request,
                       *, detail: bool = False) -> list[dict[str, Any]]:
    rows = list(participants)
    payoffs = session_payoff_totals(session=session, participant_ids=[p.pk for p in rows])
    bodies = []
    for participant in rows:
        participant.session = session
        body: dict[str, Any] = {
            "name": participant.name, "id_in_session": participant.id_in_session,
            "label": participant.label, "status": participant.status,
            "position": selectors.participant_position(participant),
            "payoff": _points(payoffs.get(participant.pk, Decimal(0))),
            "payment": participant.payment,
            "url": request.build_absolute_uri(participant.get_absolute_url()),
            "started_at": participant.started_at, "finished_at": participant.finished_at,
            "released_at": participant.released_at,
            "dropped_out_at": participant.dropped_out_at,
            "dropout_returned_at": participant.dropout_returned_at,
            "declared_fields": participant.declared_values(),
        }
        if detail:
            body["vars"] = participant.vars or {}
        output = ParticipantDetailOutput if detail else ParticipantOutput
        bodies.append(dict(output(body).data))
    return bodies


def _participant_urls(session: Session) -> Iterable[str]:
    for participant in session.participant_set.order_by("id_in_session"):
        participant.session = session
        yield participant.get_absolute_url()


class SessionTypeListApi(APIView):
    required_permissions = {"GET": VIEW_SESSION}

    @extend_schema(summary="Every SessionType", responses=SessionTypeOutput(many=True))
    def get(self, request: Request) -> Response:
        data = [selectors.session_type_data(st) for st in session_types()]
        return Response(SessionTypeOutput(data, many=True).data)


class SessionTypeDetailApi(APIView):
    required_permissions = {"GET": VIEW_SESSION}

    @extend_schema(summary="One SessionType, with its config defaults",
                   responses=SessionTypeOutput)
    def get(self, request: Request, session_type_name: str) -> Response:
        st = selectors.session_type_named(session_type_name)
        return Response(SessionTypeOutput(selectors.session_type_data(st)).data)


class SessionListApi(APIView):
    required_permissions = {"GET": VIEW_SESSION, "POST": ADD_SESSION}

    @extend_schema(summary="Sessions, newest first", responses=SessionPage, parameters=[
        OpenApiParameter("session_type", str, description="only sessions of this SessionType"),
        OpenApiParameter("is_test", bool, description="only test sessions (true) or only "
                                                      "real ones (false)"),
        *PAGE_PARAMETERS])
    def get(self, request: Request) -> Response:
        refuse_unknown_query(request, ["session_type", "is_test", *PAGE_QUERY])
        rows = selectors.sessions_counted()
        session_type = request.query_params.get("session_type")
        if session_type is not None:
            rows = rows.filter(session_type=session_type)
        is_test = query_bool(request, "is_test")
        if is_test is not None:
            rows = rows.filter(is_test=is_test)
        return Response(_paged(request, rows, lambda page: [_session_body(s) for s in page]))

    @extend_schema(summary="Create a session (not initialized yet: see initialize/)",
                   request=SessionCreateInput, responses={201: SessionCreatedOutput})
    def post(self, request: Request) -> Response:
        data = parse_body(SessionCreateInput, request)
        session = session_create(session_type_name=data["session_type"],
                                 num_participants=data["num_participants"], label=data["label"],
                                 is_test=data["is_test"], config=data["config"])
        body = _session_body(selectors.session_named(session.name))
        body["participant_urls"] = [request.build_absolute_uri(url) for url in
                                    _participant_urls(session)]
        return Response(body, status=status.HTTP_201_CREATED)


class SessionScopedApi(APIView):
    """An endpoint under sessions/<session_name>/: an unknown session is a 404 before anything
    else (after authentication and permissions)."""

    session: Session

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.session = selectors.session_named(kwargs["session_name"])


class SessionDetailApi(SessionScopedApi):
    required_permissions = {"GET": VIEW_SESSION, "DELETE": DELETE_SESSION}

    @extend_schema(summary="One session", responses=SessionOutput)
    def get(self, request: Request, session_name: str) -> Response:
        return Response(_session_body(self.session))

    @extend_schema(summary="Delete a session with its participants and all their data",
                   responses={204: None})
    def delete(self, request: Request, session_name: str) -> Response:
        session_delete(session=self.session)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionInitializeApi(SessionScopedApi):
    """run_new_session: create the session's groups and players and run creating_session, once."""

    required_permissions = {"POST": CHANGE_SESSION}

    @extend_schema(summary="Initialize a session (once; says whether this call ran it)",
                   request=None, responses=InitializedOutput)
    def post(self, request: Request, session_name: str) -> Response:
        ran = session_initialize(session=self.session)
        return Response(InitializedOutput({"session": session_name, "initialized": True,
                                           "ran": ran}).data)


class ParticipantListApi(SessionScopedApi):
    required_permissions = {"GET": VIEW_PARTICIPANT}

    @extend_schema(summary="A session's participants, in order", responses=ParticipantPage,
                   parameters=PAGE_PARAMETERS)
    def get(self, request: Request, session_name: str) -> Response:
        refuse_unknown_query(request, PAGE_QUERY)
        rows = self.session.participant_set.order_by("id_in_session")
        return Response(_paged(request, rows, lambda page: _participants_body(
            self.session, page, request)))


class ParticipantScopedApi(SessionScopedApi):
    participant: Participant

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.participant = selectors.participant_named(self.session, kwargs["participant_name"])


class ParticipantDetailApi(ParticipantScopedApi):
    required_permissions = {"GET": VIEW_PARTICIPANT}

    @extend_schema(summary="One participant: position, status, payoff, vars",
                   responses=ParticipantDetailOutput)
    def get(self, request: Request, session_name: str, participant_name: str) -> Response:
        return Response(_participants_body(self.session, [self.participant], request,
                                           detail=True)[0])


class ParticipantInitializeApi(ParticipantScopedApi):
    """run_new_player: start the participant without a browser, as their first page load
    would (new_player hooks; the session is initialized first if it was not)."""

    required_permissions = {"POST": CHANGE_PARTICIPANT}

    @extend_schema(summary="Start a participant without a browser (once)", request=None,
                   responses=ParticipantStartedOutput)
    def post(self, request: Request, session_name: str, participant_name: str) -> Response:
        # Two calls at once may both say ran: the start itself happens once, under the
        # participant's row lock in participant_visit.
        ran = self.participant.status == Participant.Status.NEW
        if ran:
            participant_visit(pk=self.participant.pk, render=False)
        participant = Participant.objects.get(pk=self.participant.pk)
        body = _participants_body(self.session, [participant], request)[0]
        return Response(ParticipantStartedOutput({"participant": body, "ran": ran}).data)


class ParticipantVarsApi(ParticipantScopedApi):
    required_permissions = {"PATCH": CHANGE_PARTICIPANT}

    @extend_schema(summary="Set keys of participant.vars (the others are kept)",
                   request=OpenApiTypes.OBJECT, responses=VarsOutput)
    def patch(self, request: Request, session_name: str, participant_name: str) -> Response:
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"detail": "the body must be a JSON object of "
                                                         "the vars keys to set"})
        stored = participant_set_vars(participant=self.participant, values=request.data)
        return Response(VarsOutput({"vars": stored}).data)


def _pushed(pushed: Pushed) -> Response:
    return Response(PushedOutput({"participants": pushed.participants, "sent": pushed.sent}).data)


class SessionMessagesApi(SessionScopedApi):
    """The monitor's "Send message": shown at once on the open pages of every participant, or
    of those named (engine/messages.py). Nothing is stored: a page opened later does not show
    it."""

    required_permissions = {"POST": CHANGE_PARTICIPANT}

    @extend_schema(summary="Show a message at once on participants' open pages",
                   request=MessageInput, responses=PushedOutput)
    def post(self, request: Request, session_name: str) -> Response:
        data = parse_body(MessageInput, request)
        return _pushed(participants_message(session=self.session, text=data["text"],
                                            participant_codes=data.get("participants")))


class ParticipantReloadApi(ParticipantScopedApi):
    """The monitor's "Reload page": the participant's open pages reload (showing their current
    page)."""

    required_permissions = {"POST": CHANGE_PARTICIPANT}

    @extend_schema(summary="Reload a participant's open page", request=None,
                   responses=PushedOutput)
    def post(self, request: Request, session_name: str, participant_name: str) -> Response:
        return _pushed(participant_reload(participant=self.participant))


def _advanced_body(session: Session, done: list[Advanced]) -> list[dict[str, Any]]:
    names = dict(session.participant_set.filter(pk__in=[d.participant_id for d in done])
                 .values_list("pk", "name"))
    return [{"participant": names[d.participant_id], "moved": d.moved, "status": d.status,
             "position": d.position} for d in done]


class ParticipantAdvanceApi(ParticipantScopedApi):
    """Move one participant on by one page, as their page's timeout would."""

    required_permissions = {"POST": CHANGE_PARTICIPANT}

    @extend_schema(summary="Advance one participant by one page (submitted as a timeout)",
                   request=None, responses=AdvancedOutput)
    def post(self, request: Request, session_name: str, participant_name: str) -> Response:
        self.participant.session = self.session
        done = participant_advance(participant=self.participant)
        return Response(AdvancedOutput(_advanced_body(self.session, [done])[0]).data)


class SessionAdvanceSlowestApi(SessionScopedApi):
    """Move the participants at the session's earliest position on by one page each."""

    required_permissions = {"POST": CHANGE_PARTICIPANT}

    @extend_schema(summary="Advance the slowest participants by one page (as a timeout)",
                   request=None, responses=AdvanceSlowestOutput)
    def post(self, request: Request, session_name: str) -> Response:
        done = session_advance_slowest(session=self.session)
        return Response(AdvanceSlowestOutput({"session": session_name,
                                              "advanced": _advanced_body(self.session, done)}).data)


def _excluded_body(session: Session, participant: Participant | None,
                   changed: bool) -> dict[str, Any]:
    unit: Session | Participant = participant or session
    unit.refresh_from_db(fields=["excluded_at", "excluded_reason"])
    return dict(ExcludedOutput({
        "session": session.name, "participant": participant.name if participant else None,
        "changed": changed, "excluded_at": unit.excluded_at,
        "excluded_reason": unit.excluded_reason}).data)


class SessionExcludeApi(SessionScopedApi):
    """Exclude the session from condition balancing (sessions_core/conditions/): it and every
    assignment in it stop counting from now on; the data keeps them, flagged. Excluding again
    changes nothing (changed: false; the first time and reason are kept)."""

    required_permissions = {"POST": CHANGE_SESSION}

    @extend_schema(summary="Exclude a session from condition balancing, with a reason",
                   request=ExcludeInput, responses=ExcludedOutput)
    def post(self, request: Request, session_name: str) -> Response:
        data = parse_body(ExcludeInput, request)
        changed = condition_exclude_session(session=self.session, reason=data["reason"])
        return Response(_excluded_body(self.session, None, changed))


class ParticipantExcludeApi(ParticipantScopedApi):
    """Exclude a participant from condition balancing: their own assignment stops counting
    from now on (a group's or session's keeps counting: exclude the session for that); the
    data keeps them, flagged. Excluding again changes nothing (changed: false)."""

    required_permissions = {"POST": CHANGE_PARTICIPANT}

    @extend_schema(summary="Exclude a participant from condition balancing, with a reason",
                   request=ExcludeInput, responses=ExcludedOutput)
    def post(self, request: Request, session_name: str, participant_name: str) -> Response:
        data = parse_body(ExcludeInput, request)
        changed = condition_exclude_participant(participant=self.participant,
                                                reason=data["reason"])
        return Response(_excluded_body(self.session, self.participant, changed))


def _timers_body(timers: Timers) -> dict[str, Any]:
    return dict(TimersOutput({"session": timers.session_name, "paused": timers.paused,
                              "changed": timers.changed}).data)


class SessionPauseTimersApi(SessionScopedApi):
    """Pause every page timer of the session; each keeps the time it has left."""

    required_permissions = {"POST": CHANGE_SESSION}

    @extend_schema(summary="Pause the session's page timers (409 if paused already)",
                   request=None, responses=TimersOutput)
    def post(self, request: Request, session_name: str) -> Response:
        return Response(_timers_body(session_pause_timers(session=self.session)))


class SessionResumeTimersApi(SessionScopedApi):
    """Resume the session's paused page timers, each with the time it had left."""

    required_permissions = {"POST": CHANGE_SESSION}

    @extend_schema(summary="Resume the session's page timers (409 if not paused)",
                   request=None, responses=TimersOutput)
    def post(self, request: Request, session_name: str) -> Response:
        return Response(_timers_body(session_resume_timers(session=self.session)))


class PaymentsApi(SessionScopedApi):
    """What each participant is paid now (finished or not), in the real-world currency, and
    the totals: the same amounts as the admin's payments page."""

    required_permissions = {"GET": VIEW_SESSION}

    @extend_schema(summary="A session's payments: per participant and totals",
                   responses=PaymentsOutput)
    def get(self, request: Request, session_name: str) -> Response:
        payments = session_payments(session=self.session)
        rows = [{"id_in_session": row.id_in_session, "participant": row.code, "label": row.label,
                 "status": row.status, "points": _points(row.points),
                 "fixed_pay": row.fixed_pay.amount, "variable_pay": row.variable_pay.amount,
                 "total": row.total.amount} for row in payments.rows]
        totals = {"points": _points(payments.points),
                  "fixed_pay": payments.fixed_pay.amount,
                  "variable_pay": payments.variable_pay.amount, "total": payments.total.amount,
                  "unfinished": payments.unfinished}
        return Response(PaymentsOutput({"session": payments.session_name,
                                        "currency": payments.currency_code,
                                        "participants": rows, "totals": totals}).data)


class ExportFormatNegotiation(DefaultContentNegotiation):
    """On the data endpoint ?format= names the export (DRF would look for a renderer of that
    name and answer 404): the download sets its own type, and refusals are JSON."""

    def select_renderer(self, request: Request, renderers: Iterable[BaseRenderer],
                        format_suffix: str | None = None) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, str(renderer.media_type)


BINARY_DOWNLOAD = OpenApiResponse(OpenApiTypes.BINARY, description="the export, streamed")


class SessionDataApi(SessionScopedApi):
    """The session's data, streamed as it is read (memory does not grow with the session):
    wide_csv (one row per participant), app_csv (one app's players, ?app=<label>),
    page_times_csv, chat_csv (every {% chat %} message), logs_csv (every participant.log
    record), json, or zip (all of them and a data dictionary)."""

    required_permissions = {"GET": VIEW_SESSION}
    content_negotiation_class = ExportFormatNegotiation
    renderer_classes = [JSONRenderer]

    @extend_schema(summary="Download a session's data", parameters=[
        OpenApiParameter("format", str, enum=list(EXPORT_FORMATS),
                         description="default wide_csv"),
        OpenApiParameter("app", str, description=(
            "for app_csv only: the app's label, or <app>.<Model> for one of its ExtraModel "
            "tables"))],
        responses={(200, "text/csv"): BINARY_DOWNLOAD, (200, "application/json"): BINARY_DOWNLOAD,
                   (200, "application/zip"): BINARY_DOWNLOAD})
    def get(self, request: Request, session_name: str) -> StreamingHttpResponse:
        refuse_unknown_query(request, ["format", "app"])
        export = export_stream(sessions=[self.session],
                               format=request.query_params.get("format", "wide_csv"),
                               app_label=request.query_params.get("app"))
        return export_response(export, request)
