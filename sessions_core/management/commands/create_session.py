"""manage.py create_session <session_type> <N>: one participant URL per line."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sessions_core.errors import SessionError
from sessions_core.lifecycle.services import session_create


class Command(BaseCommand):
    help = "Create a session of a SessionType with N participant slots and print their URLs."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("session_type")
        parser.add_argument("num_participants", type=int)
        parser.add_argument("--label", default="")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000",
                            help="prefix for the printed URLs")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            session = session_create(session_type_name=options["session_type"],
                                     num_participants=options["num_participants"],
                                     label=options["label"])
        except (SessionError, LookupError) as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"Session {session.name} ({session.session_type}), "
                          f"{session.num_participants} participants:")
        base = options["base_url"].rstrip("/")
        for participant in session.participant_set.order_by("id_in_session"):
            self.stdout.write(f"{base}{participant.get_absolute_url()}")
