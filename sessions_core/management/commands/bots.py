"""manage.py bots [session_type] [N] [--keep]: play sessions with the apps' PlayerBots.

Bots play test sessions, which are deleted when the run ends unless --keep is given (to look
at a failed one in the admin: it lists test sessions under "test sessions: shown too")."""
from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sessions_core.engine.bot_runner import number_of_cases, run_bots
from sessions_core.errors import SessionError
from sessions_core.experimenter.registry import session_types
from sessions_core.lifecycle.services import (
    session_check_size,
    session_delete,
    session_demo_size,
)
from sessions_core.models import Session


class ProgressBar:
    def __init__(self, total: int, stream: Any, enabled: bool) -> None:
        self.total, self.done, self.stream, self.enabled = max(total, 1), 0, stream, enabled

    def __call__(self, count: int) -> None:
        self.done += count
        if self.enabled and (self.done % 25 == 0 or self.done >= self.total):
            filled = min(30, 30 * self.done // self.total)
            self.stream.write(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {self.done} pages")
            self.stream.flush()

    def end(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Play SessionTypes with their bots; exits non-zero if any case fails."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("session_type", nargs="?", help="a SessionType name (default: all)")
        parser.add_argument("num_participants", nargs="?", type=int,
                            help="participants per session (default: num_demo_participants)")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--keep", action="store_true",
                            help="keep the bots' test sessions (deleted by default)")

    def handle(self, *args: Any, **options: Any) -> None:
        names = [options["session_type"]] if options["session_type"] else \
            [st.name for st in session_types()]
        failures = 0
        for name in names:
            try:
                count = options["num_participants"] or session_demo_size(session_type_name=name)
                session_check_size(session_type_name=name, num_participants=count)
            except LookupError as error:
                raise CommandError(str(error)) from None
            except SessionError as error:
                raise CommandError(f"{name}: {error}") from None
            failures += self._run(name, count, not options["no_progress"], options["keep"])
        if failures:
            raise CommandError(f"{failures} bot case(s) failed")
        self.stdout.write(self.style.SUCCESS("All bot cases passed."))

    def _run(self, name: str, count: int, show_progress: bool, keep: bool) -> int:
        cases = number_of_cases(name)
        self.stdout.write(f"{name}: {count} participants, {cases} case(s)")
        bar = ProgressBar(total=0, stream=sys.stderr, enabled=show_progress)
        results = run_bots(name, count, progress=bar)
        bar.end()
        failed = 0
        for result in results:
            if result.ok:
                self.stdout.write(self.style.SUCCESS(
                    f"  case {result.case_index}: passed ({result.submissions} pages, "
                    f"session {result.session_name})"))
            else:
                failed += 1
                self.stdout.write(self.style.ERROR(
                    f"  case {result.case_index}: FAILED (session {result.session_name})\n"
                    f"    {result.error}"))
        if not keep:
            self._delete([result.session_name for result in results])
        return failed

    def _delete(self, session_names: list[str]) -> None:
        for session in Session.objects.filter(name__in=session_names):
            session_delete(session=session)
        self.stdout.write(f"  deleted the test session(s) {', '.join(session_names)} "
                          "(--keep keeps them)")
