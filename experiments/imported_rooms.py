"""Rooms imported from oTree projects by `manage.py import_otree`.

config/deployment.py adds ROOMS to DEFAULT_ROOMS: each is created at the next `manage.py migrate`
(or `manage.py load_rooms`, or server start) if no room of its name exists; an existing room is
never changed. Label files are in experiments/_rooms/. A room runs the SessionType named by its
config: set it here (config='my_session_type') or in the admin. Importing a project again
rewrites the entries of the names it imports and keeps the others.
"""
from pathlib import Path

from rooms.defaults import RoomSpec, room  # noqa: F401  (the entries the import writes use it)

LABELS = Path(__file__).resolve().parent / "_rooms"

ROOMS: list[RoomSpec] = [
]
