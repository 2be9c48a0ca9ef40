"""manage.py export_data: a session's data, or every session of a SessionType's, to a file.

    export_data <session> | --type T [--format zip|csv|json|...] [--app A] [--out PATH]

The file is written as the export streams (memory does not grow with the session), to PATH (a
file, or a folder for the export's own name; default: the export's name in the current folder;
"-" for stdout), through PATH.part renamed at the end, so a failed export leaves no half file. A
progress bar goes to stderr. An unknown session, SessionType, format or app exits non-zero with
the reason.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from sessions_core.data.exports import EXPORT_FORMATS, Export, export_stream
from sessions_core.data.rows import sessions_of_type
from sessions_core.errors import QuorumError
from sessions_core.models import Session

# --format csv is the wide CSV (one row per participant); the other names are EXPORT_FORMATS.
FORMAT_NAMES = {"csv": "wide_csv", **{name: name for name in EXPORT_FORMATS}}
BAR_WIDTH = 30


class ProgressBar:
    """`[#####.....]  45%  1350/3000 participants` on stderr, redrawn at most 5 times a second."""

    def __init__(self, out: OutputWrapper, total: int, unit: str) -> None:
        self.out, self.total, self.unit = out, total, unit
        self.done = 0
        self.drawn = 0.0

    def add(self, units: int) -> None:
        self.done += units
        if time.monotonic() - self.drawn >= 0.2:
            self.draw()

    def draw(self, end: str = "") -> None:
        share = min(1.0, self.done / self.total) if self.total else 1.0
        filled = round(share * BAR_WIDTH)
        self.out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%}  "
                       f"{min(self.done, self.total)}/{self.total} {self.unit}{end}", ending="")
        self.out.flush()
        self.drawn = time.monotonic()


class Command(BaseCommand):
    help = "Export a session's data (or every session of a SessionType) to a file, streamed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("session", nargs="?", help="the session's code (its name)")
        parser.add_argument("--type", dest="session_type",
                            help="every session of this SessionType instead of one session")
        parser.add_argument("--format", default="zip", choices=sorted(FORMAT_NAMES),
                            help="zip (default: everything, with the data dictionary), csv (the "
                                 "wide CSV), json, page_times_csv, chat_csv, logs_csv, or app_csv "
                                 "with --app")
        parser.add_argument("--app", help="the app of an app_csv export")
        parser.add_argument("--out", help="file or folder to write (default: the export's name "
                                          "in the current folder; - for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        sessions = self._sessions(options["session"], options["session_type"])
        bar = ProgressBar(self.stderr, 0, "participants")
        unit = "players" if FORMAT_NAMES[options["format"]] == "app_csv" else "participants"
        try:
            export = export_stream(sessions=sessions, format=FORMAT_NAMES[options["format"]],
                                   app_label=options["app"], progress=bar.add)
        except QuorumError as error:
            raise CommandError(str(error)) from None
        bar.total, bar.unit = export.count_units(), unit
        where = self._write(export, options["out"], bar)
        bar.draw(end="\n")
        self.stderr.write(f"Wrote {where}")

    def _sessions(self, name: str | None, session_type: str | None) -> list[Session]:
        if (name is None) == (session_type is None):
            raise CommandError("name one session (its code) or --type T, not both or neither")
        if name is not None:
            session = Session.objects.filter(name=name).first()
            if session is None:
                raise CommandError(f"no session {name!r}")
            return [session]
        sessions = sessions_of_type(str(session_type))
        if not sessions:
            raise CommandError(f"no sessions of SessionType {session_type!r}")
        return sessions

    def _write(self, export: Export, out: str | None, bar: ProgressBar) -> str:
        if out == "-":
            for chunk in export.chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return "stdout"
        target = Path(out) if out else Path(export.filename)
        if target.is_dir():
            target = target / export.filename
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as file:
                for chunk in export.chunks:
                    file.write(chunk)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(target)
        return str(target)
