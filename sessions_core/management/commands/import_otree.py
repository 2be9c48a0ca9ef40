"""manage.py import_otree <path>: an oTree project's apps (oTree 3's format, oTree 5's, or both),
static files, templates, session configs, declared fields and rooms into this Quorum project (the
work is sessions_core/porting/projects.py's). `manage.py import_otree3` is the same command."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sessions_core.errors import QuorumError
from sessions_core.experimenter.registry import session_types
from sessions_core.porting.projects import ImportReport, project_import


class Command(BaseCommand):
    help = ("Import an oTree project (oTree 3 or 5 and later, or both): its apps into "
            "experiments/, its _static and _templates, its SESSION_CONFIGS as SessionTypes and "
            "PARTICIPANT_FIELDS/SESSION_FIELDS (experiments/imported_sessions.py), and its ROOMS "
            "(experiments/imported_rooms.py).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="the oTree project's folder (the one with settings.py)")
        parser.add_argument("--replace", action="store_true",
                            help="replace apps and files already here without asking")
        parser.add_argument("--dry-run", action="store_true",
                            help="print what would be done; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = project_import(source=Path(options["path"]).resolve(),
                                    quorum_dir=Path(settings.BASE_DIR),
                                    replace=options["replace"], dry_run=options["dry_run"],
                                    confirm=self.ask, bundled_session_types=session_types())
        except QuorumError as error:
            raise CommandError(str(error)) from None
        self.show(report)

    def ask(self, question: str) -> bool:
        """y/N on stdin; no answer (end of input) is no."""
        self.stdout.write(f"{question} [y/N] ", ending="")
        self.stdout.flush()
        try:
            answer = input()
        except EOFError:
            answer = ""
        if not sys.stdin.isatty():
            self.stdout.write(answer)  # what a terminal would have echoed
        return answer.strip().lower() in ("y", "yes")

    def show(self, report: ImportReport) -> None:
        heading = "Dry run, nothing was changed. It would do:" if report.dry_run else "Done:"
        sections = [
            (heading, report.changes, self.style.SUCCESS),
            ("Skipped:", report.skipped, self.style.WARNING),
            ("Not converted (see to these by hand):", report.not_converted, self.style.WARNING),
            ("Environment: Quorum reads money settings from the environment; set exactly:",
             report.environment, self.style.MIGRATE_HEADING),
            ("Next steps:", report.next_steps, self.style.MIGRATE_HEADING),
        ]
        for title, lines, style in sections:
            if not lines:
                continue
            self.stdout.write(style(title))
            for line in lines:
                self.stdout.write(f"  {line}")
