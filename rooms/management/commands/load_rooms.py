"""manage.py load_rooms: create the DEFAULT_ROOMS of config/deployment.py that do not exist."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rooms.services import rooms_ensure_defaults


class Command(BaseCommand):
    help = "Create the rooms declared in config/deployment.py (existing rooms are left as they are)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = rooms_ensure_defaults()
        if created:
            self.stdout.write("Created: " + ", ".join(room.name for room in created))
        else:
            self.stdout.write("All default rooms exist already.")
