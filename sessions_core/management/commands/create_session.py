"""manage.py create_session <session_type> <N>: one participant URL per line.

    create_session <type> <N> [--room R] [--label L] [--test] [--config key=value ...]

The participant URLs go to stdout, one per line (for scripts); the session's name, its
session-wide link and, with --room, the room's link go to stderr. A --config value is read as
JSON when it is JSON (3, 0.5, true, "text", [1, 2]) and as a string otherwise.
"""
from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from rooms.services import RoomError, room_create_session
from sessions_core.errors import SessionError
from sessions_core.lifecycle.services import session_create
from sessions_core.models import Session


def parse_config(pairs: list[str]) -> dict[str, Any]:
    """["key=value", ...] as a dict; values parsed as JSON, else kept as strings."""
    config: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"--config {pair!r}: write it as key=value")
        try:
            config[key.strip()] = json.loads(text)
        except ValueError:
            config[key.strip()] = text
    return config


class Command(BaseCommand):
    help = "Create a session of a SessionType with N participant slots and print their URLs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("session_type")
        parser.add_argument("num_participants", type=int)
        parser.add_argument("--room", help="create the session in this room (and open it)")
        parser.add_argument("--label", default="")
        parser.add_argument("--test", action="store_true",
                            help="a test session: left out of the admin's default list")
        parser.add_argument("--config", nargs="+", action="extend", default=[],
                            metavar="KEY=VALUE", help="override the SessionType's config")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000",
                            help="prefix for the printed URLs")

    def handle(self, *args: Any, **options: Any) -> None:
        options["overrides"] = parse_config(options["config"])
        try:
            session = self._create(options)
        except (SessionError, RoomError, LookupError) as error:
            raise CommandError(str(error)) from None
        base = options["base_url"].rstrip("/")
        self.stderr.write(f"Session {session.name} ({session.session_type}), "
                          f"{session.num_participants} participants.")
        self.stderr.write(f"Session-wide link: {base}{reverse('join', args=[session.name])}")
        if options["room"]:
            self.stderr.write(f"Room link: {base}{reverse('room', args=[options['room']])}")
        self.stderr.write("Participant links:")
        for participant in session.participant_set.order_by("id_in_session"):
            self.stdout.write(f"{base}{participant.get_absolute_url()}")

    def _create(self, options: dict[str, Any]) -> Session:
        if options["room"]:
            return room_create_session(
                room_name=options["room"], num_participants=options["num_participants"],
                config=options["session_type"], label=options["label"],
                is_test=options["test"], overrides=options["overrides"])
        return session_create(session_type_name=options["session_type"],
                              num_participants=options["num_participants"],
                              label=options["label"], is_test=options["test"],
                              config=options["overrides"])
