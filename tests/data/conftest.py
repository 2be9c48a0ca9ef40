"""Helpers for the export tests: sessions played by bots, exports read back, and the expected
text of a cell written here independently of sessions_core/data (so the tests check it)."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models

from sessions_core.data.exports import Export, export_stream
from sessions_core.engine.bot_runner import run_bots
from sessions_core.lifecycle.services import session_demo_size
from sessions_core.models import Session

# The fields every Player, Group and Subsession has from Quorum's bases (not the app's own).
BASE_FIELDS = {
    "player": {"id", "session", "participant", "subsession", "group", "round_number",
               "id_in_group", "id_in_subsession", "payoff"},
    "group": {"id", "session", "subsession", "round_number", "id_in_subsession"},
    "subsession": {"id", "session", "round_number"},
}


def play(session_type: str) -> list[Session]:
    """Every bot case of the SessionType played to its end: one session per case."""
    results = run_bots(session_type, session_demo_size(session_type_name=session_type))
    assert all(result.ok for result in results), [r.error for r in results]
    names = [result.session_name for result in results]
    return list(Session.objects.filter(name__in=names).order_by("created_at", "pk"))


def content(export: Export) -> bytes:
    return b"".join(export.chunks)


def csv_rows(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(data.decode()))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def exported_csv(sessions: list[Session], format: str,
                 app_label: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    return csv_rows(content(export_stream(sessions=sessions, format=format, app_label=app_label)))


def cell(value: Any) -> str:
    """What a CSV cell should read for a value as the database gives it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(Decimal(value), "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def own_fields(model: type[models.Model], kind: str) -> list[models.Field]:
    """The fields an app declares on its Player, Group or Subsession."""
    return [f for f in model._meta.concrete_fields if f.name not in BASE_FIELDS[kind]]
