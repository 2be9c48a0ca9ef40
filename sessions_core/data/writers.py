"""Rows to bytes: CSV, JSON and ZIP, written as they are read, in chunks of about CHUNK_BYTES.

The ZIP is streamed too: zipfile writes to a sink that cannot seek (each member's sizes then
follow its data in a data descriptor, as the format allows), and each chunk is handed on as soon
as it is compressed. So the first bytes leave at once (no proxy timeout while a large archive is
built), nothing is written to disk, and the same chunks go to an HTTP response, a file (an
export job) or the command's output. Members are ZIP64 (their size is not known in advance and
may pass 4 GiB); every current unzip tool reads them.
"""
from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sessions_core.data.columns import Column
from sessions_core.data.fields import (
    CHAT_FIELDS,
    LOG_FIELDS,
    PAGE_TIME_FIELDS,
    PARTICIPANT_FIELDS,
    AppFields,
    ChatRow,
    Field,
    LogRow,
    ParticipantRow,
    Plan,
    csv_text,
    json_value,
    participant_export_fields,
    session_export_fields,
)
from sessions_core.data.rows import (
    Progress,
    chat_pages,
    extra_pages,
    log_pages,
    participant_row_pages,
)
from sessions_core.models import BasePlayer, Session

CHUNK_BYTES = 64 * 1024


class _TextSink:
    """Where csv.writer and the JSON writer put text until the next chunk is taken."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        return len(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode()
        self.parts.clear()
        self.size = 0
        return data


def csv_chunks(columns: Sequence[Column], pages: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """A header of the columns' names, then one line per row (UTF-8, RFC 4180 line ends)."""
    sink = _TextSink()
    writer = csv.writer(sink)
    writer.writerow([column.name for column in columns])
    for page in pages:
        for row in page:
            writer.writerow([csv_text(column.value(row)) for column in columns])
            if sink.size >= CHUNK_BYTES:
                yield sink.take()
        del page, row  # before the next page is read (data/rows.py)
    yield sink.take()


# --- JSON ----------------------------------------------------------------------------------

def _object(fields: Sequence[Any], source: Any) -> dict[str, Any]:
    return {f.key: json_value(f.read(source)) for f in fields}


def _round_json(app: AppFields, player: BasePlayer) -> dict[str, Any]:
    group, subsession = player.group, player.subsession
    return {"round_number": player.round_number, "player": _object(app.player, player),
            "group": None if group is None else _object(app.group, group),
            "subsession": _object(app.subsession, subsession)}


def participant_json(plan: Plan, row: ParticipantRow) -> dict[str, Any]:
    found = _object(participant_export_fields(), row)
    found["apps"] = {}
    for app in plan.apps:
        rounds = [_round_json(app, player) for r in app.rounds
                  if (player := row.players.get((app.label, r))) is not None]
        if rounds:
            found["apps"][app.label] = rounds
    found["page_times"] = [_object(PAGE_TIME_FIELDS, visit) for visit in row.visits]
    return found


_SENDER_KEYS = ("id_in_session", "code", "label")


def chat_json(row: ChatRow) -> dict[str, Any]:
    sender = {f.key: json_value(f.read(row.owner)) for f in PARTICIPANT_FIELDS
              if f.key in _SENDER_KEYS}
    return {"participant": sender, **_object(CHAT_FIELDS, row.message)}


def log_json(row: LogRow) -> dict[str, Any]:
    owner = {f.key: json_value(f.read(row.owner)) for f in PARTICIPANT_FIELDS
             if f.key in _SENDER_KEYS}
    return {"participant": owner, **_object(LOG_FIELDS, row.record)}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def json_chunks(plan: Plan, sessions: Sequence[Session],
                progress: Progress) -> Iterator[bytes]:
    """{"quorum_export": 1, "sessions": [{session fields..., "participants": [...],
    "chat": [...], "logs": [...], "extra_models": {...}}]}, each participant with "apps"
    (label: one object per round) and "page_times", each chat message with its sender
    ("participant") and CHAT_FIELDS, each participant.log record with its participant and
    LOG_FIELDS, extra_models the apps' ExtraModel rows (app label: model name: rows)."""
    sink = _TextSink()
    sink.write('{"quorum_export": 1, "sessions": [')
    for index, session in enumerate(sessions):
        head = _dumps(_object(session_export_fields(), session))
        sink.write(("," if index else "") + head[:-1] + ', "participants": [')
        first = True
        for page in participant_row_pages([session], plan, visits=True, progress=progress):
            for row in page:
                sink.write(("" if first else ",") + _dumps(participant_json(plan, row)))
                first = False
                if sink.size >= CHUNK_BYTES:
                    yield sink.take()
            del page, row  # before the next page is read (data/rows.py)
        sink.write('], "chat": [')
        first = True
        for chunk in chat_pages([session]):
            for message in chunk:
                sink.write(("" if first else ",") + _dumps(chat_json(message)))
                first = False
            if sink.size >= CHUNK_BYTES:
                yield sink.take()
            del chunk
        sink.write('], "logs": [')
        first = True
        for records in log_pages([session]):
            for record in records:
                sink.write(("" if first else ",") + _dumps(log_json(record)))
                first = False
            if sink.size >= CHUNK_BYTES:
                yield sink.take()
            del records
        sink.write('], "extra_models": {')
        yield from _extra_models_json(plan, session, sink)
        sink.write("}}")
    sink.write("]}")
    yield sink.take()


def _extra_models_json(plan: Plan, session: Session, sink: _TextSink) -> Iterator[bytes]:
    """The session's ExtraModel rows: {app label: {model name: [rows]}}, for the apps that
    have such tables; a row's links as objects ("player": {"round_number": ...})."""
    apps = [app for app in plan.apps if app.extra]
    for app_index, app in enumerate(apps):
        sink.write(("," if app_index else "") + _dumps(app.label) + ": {")
        for table_index, table in enumerate(app.extra):
            sink.write(("," if table_index else "") + _dumps(table.name) + ": [")
            first = True
            for chunk in extra_pages([session], table):
                for extra in chunk:
                    sink.write(("" if first else ",") + _dumps(_nested(table.fields, extra.row)))
                    first = False
                if sink.size >= CHUNK_BYTES:
                    yield sink.take()
                del chunk
            sink.write("]")
        sink.write("}")


def _nested(fields: Sequence[Field], source: Any) -> dict[str, Any]:
    """The fields' values, a dotted key ("player.round_number") as nested objects."""
    found: dict[str, Any] = {}
    for f in fields:
        *path, last = f.key.split(".")
        target = found
        for part in path:
            target = target.setdefault(part, {})
        target[last] = json_value(f.read(source))
    return found


# --- ZIP -----------------------------------------------------------------------------------

class _ByteSink:
    """A write-only, non-seekable file for zipfile: what it writes waits here to be taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the chunks are taken by zip_chunks."""

    def close(self) -> None:
        """Nothing to close: what was written is still taken by zip_chunks."""

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


Member = tuple[str, Callable[[], Iterator[bytes]]]


def zip_chunks(members: Iterable[Member]) -> Iterator[bytes]:
    """A deflated ZIP of the members (name, chunks), written and handed on as it goes."""
    sink = _ByteSink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in members:
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in chunks():
                    member.write(chunk)
                    if data := sink.take():
                        yield data
    yield sink.take()


# --- the data dictionary ---------------------------------------------------------------------

DICTIONARY_HEADER = ["file", "column", "json", "type", "choices", "label", "description"]

TYPES = {
    "integer": "a whole number",
    "float": "a number",
    "decimal": "an exact decimal number",
    "currency": "an amount in points (or in money when the project does not use points), "
                "without its unit",
    "money": "an amount of real money in the session's currency, without its symbol",
    "boolean": "1 = yes, 0 = no",
    "text": "text",
    "datetime": "a time in ISO 8601, UTC",
    "json": "JSON (vars and config: an object; a declared field: any JSON value)",
}


def dictionary_chunks(files: Sequence[tuple[str, Sequence[Column]]]) -> Iterator[bytes]:
    """One line per column of each file: its JSON path, type, choices, label and meaning."""
    sink = _TextSink()
    writer = csv.writer(sink)
    writer.writerow(DICTIONARY_HEADER)
    for file_name, columns in files:
        for column in columns:
            f = column.field
            writer.writerow([file_name, column.name, column.json_path, f.kind, f.choices,
                             f.label, f.description])
    yield sink.take()


def readme_chunks(sessions: Sequence[Session], file_names: Sequence[str]) -> Iterator[bytes]:
    listed = "\n".join(f"  {s.name}  {s.session_type}  {s.label}".rstrip() for s in sessions)
    files = "\n".join(f"  {name}" for name in file_names)
    types = "\n".join(f"  {kind:<9} {meaning}" for kind, meaning in TYPES.items())
    text = (
        "Quorum data export\n\n"
        f"Sessions:\n{listed}\n\nFiles:\n{files}\n\n"
        "data_dictionary.csv explains every column of every CSV file: its type, its choices,\n"
        "the field's label and doc, and where the same value is in data.json. All files are\n"
        "UTF-8. An empty cell is a value not set (a field not yet answered reads as None).\n\n"
        f"Types:\n{types}\n"
    )
    yield text.encode()
