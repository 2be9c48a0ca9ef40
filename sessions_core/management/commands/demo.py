"""manage.py demo: the embedded default, ready to click (README's first command ends here)."""
from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sessions_core.experimenter.registry import session_types
from sessions_core.lifecycle.services import session_create, session_demo_size


class Command(BaseCommand):
    help = ("Create the tables, an admin login (printed) and a demo session of every "
            "SessionType, then serve on 127.0.0.1:8000.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true",
                            help="prepare everything but do not start the server")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
        password = self._admin_login()
        base = f"http://{options['addrport']}"
        self.stdout.write(f"\nAdmin: {base}/admin/  user: admin  password: {password}\n")
        for st in session_types():
            session = session_create(session_type_name=st.name,
                                     num_participants=session_demo_size(session_type_name=st.name),
                                     is_test=True, label="demo")
            links = [f"{base}{p.get_absolute_url()}"
                     for p in session.participant_set.order_by("id_in_session")]
            self.stdout.write(f"{st.display_name} ({st.name}):\n  " + "\n  ".join(links))
        self.stdout.write("")
        if not options["no_serve"]:
            call_command("runserver", options["addrport"], use_reloader=False)

    def _admin_login(self) -> str:
        """A fresh random password each start, so the printed login always works."""
        password = secrets.token_urlsafe(9)
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        return password
