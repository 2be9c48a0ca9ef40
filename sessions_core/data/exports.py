"""Data exports, streamed: the one entry the admin, the REST API, the command and the export
jobs call.

`export_stream(sessions=..., format=...)` checks the request at once (an unknown format or app
raises InvalidRequest) and returns an Export whose `chunks` read and write the data only as they
are consumed, a page of participants at a time: memory stays bounded whatever the size of the
sessions (tests/data/test_export_memory.py, bench/export_bench.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from sessions_core.data.columns import (
    Column,
    app_columns,
    chat_columns,
    extra_columns,
    log_columns,
    page_time_columns,
    wide_columns,
)
from sessions_core.data.fields import AppFields, ExtraTable, Plan, plan_for
from sessions_core.data.rows import (
    Progress,
    app_player_pages,
    chat_pages,
    count_chat,
    count_extra,
    count_logs,
    count_participants,
    count_players,
    extra_pages,
    log_pages,
    no_progress,
    participant_row_pages,
    visit_pages,
)
from sessions_core.data.writers import (
    Member,
    csv_chunks,
    dictionary_chunks,
    json_chunks,
    readme_chunks,
    zip_chunks,
)
from sessions_core.errors import InvalidRequest
from sessions_core.models import Session

EXPORT_FORMATS = ("wide_csv", "app_csv", "page_times_csv", "chat_csv", "logs_csv", "json",
                  "zip")

CSV = "text/csv; charset=utf-8"
CONTENT_TYPES = {"wide_csv": CSV, "app_csv": CSV, "page_times_csv": CSV, "chat_csv": CSV,
                 "logs_csv": CSV, "json": "application/json", "zip": "application/zip"}

WIDE_FILE = "all_apps_wide.csv"
PAGE_TIMES_FILE = "page_times.csv"
CHAT_FILE = "chat.csv"
LOGS_FILE = "logs.csv"
JSON_FILE = "data.json"
DICTIONARY_FILE = "data_dictionary.csv"
README_FILE = "README.txt"


@dataclass
class Export:
    """A download: its name, its type, and its bytes as they are produced.

    count_units() is how much work the chunks do, in the units they report to the progress
    callback (participants, or players of an app): one COUNT query per part."""

    filename: str
    content_type: str
    chunks: Iterator[bytes]
    count_units: Callable[[], int] = field(repr=False, default=lambda: 0)


def export_stream(*, sessions: Sequence[Session], format: str, app_label: str | None = None,
                  progress: Progress | None = None) -> Export:
    """The sessions' data in one of EXPORT_FORMATS (app_csv: the app named by app_label)."""
    sessions = list(sessions)
    if format not in EXPORT_FORMATS:
        raise InvalidRequest(f"unknown export format {format!r}; the formats are "
                             f"{', '.join(EXPORT_FORMATS)}", field="format")
    if not sessions:
        raise InvalidRequest("there are no sessions to export", field="sessions")
    plan = plan_for(sessions)
    _check_app(plan, format, app_label)
    report = progress or no_progress
    base = _base_name(sessions)
    day = timezone.now().date().isoformat()
    if format == "app_csv" and app_label is not None and "." in app_label:
        table = _extra_table(plan, app_label)
        return Export(f"{base}-{app_label}-{day}.csv", CSV,
                      csv_chunks(extra_columns(table), extra_pages(sessions, table, report)),
                      lambda: count_extra(sessions, table))
    if format == "app_csv":
        assert app_label is not None
        return Export(f"{base}-{app_label}-{day}.csv", CSV, _app_csv(plan, sessions, app_label,
                                                                     report),
                      lambda: count_players(sessions, _app(plan, app_label)))
    makers = {
        "wide_csv": (f"{base}-wide-{day}.csv", _wide_csv, count_participants),
        "page_times_csv": (f"{base}-page-times-{day}.csv", _page_times_csv, count_participants),
        "chat_csv": (f"{base}-chat-{day}.csv", _chat_csv, count_chat),
        "logs_csv": (f"{base}-logs-{day}.csv", _logs_csv, count_logs),
        "json": (f"{base}-{day}.json", json_chunks, count_participants),
        "zip": (f"{base}-{day}.zip", _zip, lambda ss: _zip_units(plan, ss)),
    }
    filename, make, count = makers[format]
    return Export(filename, CONTENT_TYPES[format], make(plan, sessions, report),
                  lambda: count(sessions))


def _check_app(plan: Plan, format: str, app_label: str | None) -> None:
    apps = ", ".join(app.label for app in plan.apps) or "none"
    if format != "app_csv":
        if app_label is not None:
            raise InvalidRequest(f"an app is chosen only for app_csv, not for {format}",
                                 field="app")
        return
    if app_label is None:
        raise InvalidRequest(f"app_csv needs an app: one of {apps}", field="app")
    label, dot, model = app_label.partition(".")
    found = plan.app(label)
    if found is None:
        raise InvalidRequest(f"no app {label!r} in these sessions; their apps: {apps}",
                             field="app")
    if dot and not any(table.name == model for table in found.extra):
        tables = ", ".join(f"{label}.{table.name}" for table in found.extra) or "none"
        raise InvalidRequest(f"app {label} has no ExtraModel {model!r}; its ExtraModel tables: "
                             f"{tables}", field="app")


def _extra_table(plan: Plan, app_label: str) -> ExtraTable:
    """The ExtraModel table named "<app>.<Model>" (checked by _check_app)."""
    label, _, model = app_label.partition(".")
    return next(table for table in _app(plan, label).extra if table.name == model)


def _app(plan: Plan, label: str) -> AppFields:
    found = plan.app(label)
    assert found is not None
    return found


def _base_name(sessions: Sequence[Session]) -> str:
    if len(sessions) == 1:
        return sessions[0].name
    types = {s.session_type for s in sessions}
    return f"{types.pop()}-sessions" if len(types) == 1 else "sessions"


def _wide_csv(plan: Plan, sessions: Sequence[Session], progress: Progress) -> Iterator[bytes]:
    return csv_chunks(wide_columns(plan), participant_row_pages(sessions, plan, progress=progress))


def _app_csv(plan: Plan, sessions: Sequence[Session], label: str,
             progress: Progress) -> Iterator[bytes]:
    app = _app(plan, label)
    return csv_chunks(app_columns(app), app_player_pages(sessions, app, progress))


def _page_times_csv(plan: Plan, sessions: Sequence[Session],
                    progress: Progress) -> Iterator[bytes]:
    return csv_chunks(page_time_columns(), visit_pages(sessions, progress))


def _chat_csv(plan: Plan, sessions: Sequence[Session], progress: Progress) -> Iterator[bytes]:
    return csv_chunks(chat_columns(), chat_pages(sessions, progress))


def _logs_csv(plan: Plan, sessions: Sequence[Session], progress: Progress) -> Iterator[bytes]:
    return csv_chunks(log_columns(), log_pages(sessions, progress))


def app_file(label: str) -> str:
    return f"apps/{label}.csv"


def extra_file(table: ExtraTable) -> str:
    return f"apps/{table.app_label}.{table.name}.csv"


def _extra_tables(plan: Plan) -> list[ExtraTable]:
    return [table for app in plan.apps for table in app.extra]


def csv_files(plan: Plan) -> list[tuple[str, list[Column]]]:
    """Every CSV file of the ZIP with its columns (what the data dictionary explains)."""
    return [(WIDE_FILE, wide_columns(plan)),
            *((app_file(app.label), app_columns(app)) for app in plan.apps),
            *((extra_file(table), extra_columns(table)) for table in _extra_tables(plan)),
            (PAGE_TIMES_FILE, page_time_columns()), (CHAT_FILE, chat_columns()),
            (LOGS_FILE, log_columns())]


def _zip(plan: Plan, sessions: Sequence[Session], progress: Progress) -> Iterator[bytes]:
    members: list[Member] = [
        (WIDE_FILE, lambda: _wide_csv(plan, sessions, progress)),
        *((app_file(app.label), _app_member(plan, sessions, app.label, progress))
          for app in plan.apps),
        *((extra_file(table), _extra_member(sessions, table, progress))
          for table in _extra_tables(plan)),
        (PAGE_TIMES_FILE, lambda: _page_times_csv(plan, sessions, progress)),
        (CHAT_FILE, lambda: _chat_csv(plan, sessions, progress)),
        (LOGS_FILE, lambda: _logs_csv(plan, sessions, progress)),
        (JSON_FILE, lambda: json_chunks(plan, sessions, progress)),
        (DICTIONARY_FILE, lambda: dictionary_chunks(csv_files(plan))),
    ]
    names = [name for name, _ in members] + [README_FILE]
    members.append((README_FILE, lambda: readme_chunks(sessions, names)))
    return zip_chunks(members)


def _app_member(plan: Plan, sessions: Sequence[Session], label: str,
                progress: Progress) -> Callable[[], Iterator[bytes]]:
    return lambda: _app_csv(plan, sessions, label, progress)


def _extra_member(sessions: Sequence[Session], table: ExtraTable,
                  progress: Progress) -> Callable[[], Iterator[bytes]]:
    return lambda: csv_chunks(extra_columns(table), extra_pages(sessions, table, progress))


def _zip_units(plan: Plan, sessions: Sequence[Session]) -> int:
    """Wide CSV, page times and JSON: participants each; each app's CSV: its players; each
    ExtraModel's CSV: its rows; the chat: its messages; the logs: their records."""
    return 3 * count_participants(sessions) + count_chat(sessions) + count_logs(sessions) + sum(
        count_players(sessions, app) for app in plan.apps) + sum(
        count_extra(sessions, table) for table in _extra_tables(plan))
