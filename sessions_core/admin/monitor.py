"""The live monitor of a session: one row per participant, updated without reloading.

The page polls a JSON view every POLL_MS. Its cost does not grow with the session on every
poll: the view answers with a cursor, and a poll that sends it back gets only the participants
whose row changed since (they reached a page, started, finished or were given a slot: the
times the engine and the rooms set), their payoff summed for them alone, and the ids of who is
online now (presence: Redis or memory, no database). Every FULL_EVERY polls the page asks for
everything again, which also brings payoffs that changed while their participant stayed put.
The cursor overlaps the previous poll by OVERLAP_SECONDS, so a request that committed a little
after it started is not missed; a row sent twice is only drawn twice.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from redis.exceptions import RedisError

from participants.models import Participant
from sessions_core.admin import controls
from sessions_core.engine.positions import position_name
from sessions_core.engine.quorum import session_quorum_text
from sessions_core.experimenter.currency import Currency
from sessions_core.lifecycle.payoffs import session_payoff_totals
from sessions_core.models import Session
from sessions_core.web.presence import participant_presence

log = logging.getLogger(__name__)

POLL_MS = 2000
FULL_EVERY = 30  # polls: a full refresh about once a minute
OVERLAP_SECONDS = 5.0
ROW_FIELDS = ("pk", "id_in_session", "name", "label", "status", "app_index", "round_number",
              "page_index", "page_entered_at", "released_at", "dropped_out_at",
              "dropout_returned_at", "quorum_arrived_at")


@dataclass(frozen=True)
class MonitorRow:
    participant_id: int
    id_in_session: int
    code: str
    label: str | None
    status: str
    position: str
    entered_at: datetime | None
    payoff: Currency
    url: str
    dropout: str = ""  # "dropped out at ..., back at ..." (engine/dropouts.py), else ""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.participant_id, "n": self.id_in_session, "code": self.code,
                "url": self.url,
                "label": self.label or "", "status": self.status, "position": self.position,
                "entered": self.entered_at.timestamp() if self.entered_at else None,
                "payoff": str(self.payoff), "payoff_value": float(Decimal(self.payoff)),
                "dropout": self.dropout}


@dataclass(frozen=True)
class Presence:
    """Who is online (participant ids) and when each was last seen (epoch seconds), or why
    that cannot be told (`unavailable`: Redis cannot be reached)."""

    online: set[int] = field(default_factory=set)
    last_seen: dict[int, float] = field(default_factory=dict)
    unavailable: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"available": not self.unavailable, "detail": self.unavailable,
                "online": sorted(self.online),
                "last_seen": {str(pid): seen for pid, seen in self.last_seen.items()}}


@dataclass(frozen=True)
class Snapshot:
    now: float
    cursor: float
    full: bool
    rows: list[MonitorRow]
    presence: Presence
    quorum: str = "none"  # the session's quorum in words (engine/quorum.py)

    def as_json(self) -> dict[str, Any]:
        return {"now": self.now, "cursor": self.cursor, "full": self.full,
                "rows": [row.as_json() for row in self.rows],
                "presence": self.presence.as_json(), "quorum": self.quorum}

    @property
    def summary(self) -> list[tuple[str, int]]:
        """How many participants are at each position, in the order they are first met."""
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.position] = counts.get(row.position, 0) + 1
        return list(counts.items())


def session_monitor(*, session: Session, since: float | None = None) -> Snapshot:
    """The monitor's rows: every participant, or (since: a cursor) those changed since."""
    now = timezone.now()
    participants = session.participant_set.order_by("id_in_session")
    if since is not None:
        moment = datetime.fromtimestamp(since, UTC)
        participants = participants.filter(
            Q(page_entered_at__gte=moment) | Q(started_at__gte=moment)
            | Q(finished_at__gte=moment) | Q(claimed_at__gte=moment)
            | Q(dropped_out_at__gte=moment) | Q(dropout_returned_at__gte=moment)
            | Q(quorum_arrived_at__gte=moment))
    found = list(participants.values(*ROW_FIELDS))
    payoffs = session_payoff_totals(session=session, participant_ids=[p["pk"] for p in found]) \
        if found else {}
    rows = [_row(session, p, payoffs.get(p["pk"], Decimal(0))) for p in found]
    presence = _presence(session, since)
    return Snapshot(now=now.timestamp(), cursor=now.timestamp() - OVERLAP_SECONDS,
                    full=since is None, rows=rows, presence=presence,
                    quorum=session_quorum_text(Session.objects.get(pk=session.pk))
                    if session.min_participants else "none")


def _row(session: Session, p: dict[str, Any], payoff: Decimal) -> MonitorRow:
    name = position_name(app_sequence=session.app_sequence, status=p["status"],
                         app_index=p["app_index"], round_number=p["round_number"],
                         page_index=p["page_index"], released=p["released_at"] is not None)
    if p["status"] == Participant.Status.NEW and p["quorum_arrived_at"] is not None \
            and p["released_at"] is None:
        name = "quorum lobby"
    return MonitorRow(participant_id=p["pk"], id_in_session=p["id_in_session"], code=p["name"],
                      label=p["label"], status=p["status"], position=name,
                      entered_at=p["page_entered_at"], payoff=Currency(payoff),
                      url=reverse("participant", args=[session.name, p["name"]]),
                      dropout=dropout_text(p["dropped_out_at"], p["dropout_returned_at"]))


def dropout_text(dropped_out_at: datetime | None, returned_at: datetime | None) -> str:
    """"dropped out at 10:04:12 UTC", then ", back at 10:06:30 UTC"; "" for everyone else."""
    if dropped_out_at is None:
        return ""
    text = f"dropped out at {dropped_out_at.astimezone(UTC):%H:%M:%S} UTC"
    if returned_at is not None:
        text += f", back at {returned_at.astimezone(UTC):%H:%M:%S} UTC"
    return text


def _presence(session: Session, since: float | None) -> Presence:
    """Online ids, and the last-seen times that changed since the cursor (all without one)."""
    store = participant_presence()
    try:
        online = {int(v.label) for v in store.online(session.name) if v.label}
        seen = store.last_seen(session.name)
    except RedisError as error:
        log.warning("presence read in session %s failed: %s: %s", session.name,
                    type(error).__name__, error)
        return Presence(unavailable="presence is unavailable: Redis cannot be reached "
                                    f"({type(error).__name__}: {error})")
    cutoff = since if since is not None else float("-inf")
    return Presence(online=online, last_seen={int(pid): at for pid, at in seen.items()
                                              if at >= cutoff})


# --- the admin pages ---------------------------------------------------------------------

def urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The monitor's URLs, under the session's admin (SessionAdmin.get_urls)."""
    view = model_admin.admin_site.admin_view
    return [
        path("<int:pk>/monitor/", view(partial(monitor_view, model_admin)),
             name="sessions_core_session_monitor"),
        path("<int:pk>/monitor/rows/", view(partial(monitor_rows_view, model_admin)),
             name="sessions_core_session_monitor_rows"),
    ]


def viewable_session(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> Session:
    """The session of a lab manager's page, once sessions_core.view_session is known (a 403
    says nothing of whether the session exists)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return get_object_or_404(Session, pk=pk)


def monitor_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    session = viewable_session(model_admin, request, pk)
    snapshot = session_monitor(session=session)
    return render(request, "admin/quorum/monitor.html", {
        **model_admin.admin_site.each_context(request), "opts": Session._meta,
        "title": f"Monitor: session {session.name}", "session": session, "tab": "monitor",
        "snapshot": snapshot, "rows": _table(snapshot),
        "presence_note": snapshot.presence.unavailable,
        "statuses": Participant.Status.choices, "poll_ms": POLL_MS, "full_every": FULL_EVERY,
        "can_advance": controls.can_advance(request),
        "can_pause": controls.can_pause(model_admin, request),
    })


def _table(snapshot: Snapshot) -> list[dict[str, Any]]:
    """The rows as the page first shows them (the page's script keeps them up to date)."""
    presence = snapshot.presence
    return [{**row.as_json(), "payoff": row.payoff,
             "on_page": _duration(snapshot.now - row.entered_at.timestamp())
             if row.entered_at and row.status == Participant.Status.PLAYING else "",
             "online": row.participant_id in presence.online,
             "seen": _seen(snapshot.now, presence, row.participant_id)}
            for row in snapshot.rows]


def _duration(seconds: float) -> str:
    """"0:07", "12:30", "1:02:03"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _seen(now: float, presence: Presence, participant_id: int) -> str:
    if participant_id in presence.online:
        return "now"
    at = presence.last_seen.get(participant_id)
    return "never" if at is None else f"{_duration(now - at)} ago"


def monitor_rows_view(model_admin: admin.ModelAdmin, request: HttpRequest,
                      pk: int) -> JsonResponse:
    session = viewable_session(model_admin, request, pk)
    raw = request.GET.get("since", "")
    try:
        since = float(raw) if raw else None
    except ValueError:
        return JsonResponse({"detail": "since must be the cursor of an earlier answer"},
                            status=400)
    if since is not None and not 0 <= since < 1e11:  # nan and inf fail this too
        return JsonResponse({"detail": "since must be the cursor of an earlier answer"},
                            status=400)
    return JsonResponse(session_monitor(session=session, since=since).as_json())
