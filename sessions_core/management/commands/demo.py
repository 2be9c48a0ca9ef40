"""manage.py demo: the embedded default, ready to click (README's first command ends here).

It can be run again and again: an existing admin keeps their password (the command says how to
change it), and each SessionType's unfinished demo session is reused rather than made anew.
"""
from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from sessions_core.experimenter.registry import session_types
from sessions_core.lifecycle.services import session_reuse_demo

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = ("Create the tables, an admin login (printed) and a demo session of every "
            "SessionType, then serve on 127.0.0.1:8000.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true",
                            help="prepare everything but do not start the server")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
        base = f"http://{options['addrport']}"
        password = self._admin_login()
        login = f"\nAdmin: {base}/admin/  user: {ADMIN_USERNAME}  "
        if password is None:
            self.stdout.write(login + "password: kept from an earlier run (change it with "
                              f"`manage.py changepassword {ADMIN_USERNAME}`)")
        else:
            self.stdout.write(login + f"password: {password}")
        self.stdout.write(f"Demo page: {base}/\n")
        for st in session_types():
            session, created = session_reuse_demo(session_type_name=st.name)
            links = [f"{base}{p.get_absolute_url()}"
                     for p in session.participant_set.order_by("id_in_session")]
            self.stdout.write(f"{st.display_name} ({st.name}): "
                              f"{'new' if created else 'reused'} session {session.name}\n"
                              f"  session-wide link: {base}{reverse('join', args=[session.name])}"
                              "\n  " + "\n  ".join(links))
        self.stdout.write("")
        if not options["no_serve"]:
            call_command("runserver", options["addrport"], use_reloader=False)

    def _admin_login(self) -> str | None:
        """The admin's new password, or None when an admin with a password exists already."""
        user_model = get_user_model()
        user = user_model.objects.filter(username=ADMIN_USERNAME).first()
        if user is not None and user.has_usable_password():
            return None
        password = secrets.token_urlsafe(9)
        if user is None:
            user = user_model(username=ADMIN_USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        return password
