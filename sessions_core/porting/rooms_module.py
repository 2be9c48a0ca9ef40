"""oTree's ROOMS into Quorum rooms: experiments/imported_rooms.py, which config/deployment.py
adds to DEFAULT_ROOMS, so each room is created at the next `manage.py migrate` (or `manage.py
load_rooms`, or server start) when no room of its name exists (docs/rooms.md). A room's label file
is copied into experiments/_rooms/ and read from there.

oTree rooms run any session config; a Quorum room runs the SessionType of its `config`, which the
import leaves empty (the room waits until one is set in the admin or in the module). The module
is Python a person may edit; importing again rewrites the entries of the names it imports and
keeps the others, as experiments/imported_sessions.py does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from participants.labels import label_problem
from sessions_core.porting.session_types_module import list_module_merge
from sessions_core.porting.settings_reader import ProjectSettings, Unknown

ROOMS_MODULE_NAME = "imported_rooms"
ROOMS_FOLDER = "_rooms"
# rooms/models.py's rule for a room's name (a URL part).
ROOM_NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
EMPTY_MODULE = '''"""Rooms imported from oTree projects by `manage.py import_otree`.

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
'''
_KNOWN_KEYS = {"name", "display_name", "participant_label_file"}


@dataclass(frozen=True)
class RoomEntry:
    name: str
    labels_file: str | None  # the file's name in experiments/_rooms/


def rooms_convert(*, settings: ProjectSettings, project: Path,
                  ) -> tuple[list[RoomEntry], dict[str, bytes], list[str]]:
    """(the rooms, their label files by name in experiments/_rooms/, what was not converted)."""
    rooms = settings.get("ROOMS")
    if rooms is None:
        return [], {}, []
    if isinstance(rooms, Unknown) or not isinstance(rooms, (list, tuple)):
        return [], {}, [f"ROOMS: not converted ({rooms}); create the rooms in the admin"]
    entries: list[RoomEntry] = []
    files: dict[str, bytes] = {}
    problems: list[str] = []
    for position, room in enumerate(rooms, start=1):
        entry, room_problems = _room(room, position, project, files)
        problems += room_problems
        if entry is not None and entry.name not in {e.name for e in entries}:
            entries.append(entry)
    return entries, files, problems


def _room(room: Any, position: int, project: Path,
          files: dict[str, bytes]) -> tuple[RoomEntry | None, list[str]]:
    if not isinstance(room, dict) or not isinstance(room.get("name"), str):
        why = room if isinstance(room, Unknown) else "not a dict with a name"
        return None, [f"ROOMS entry {position}: {why}; not converted"]
    name = room["name"]
    if not ROOM_NAME.match(name):
        return None, [f"room {name!r}: a Quorum room's name uses only letters, digits, '-', '.' "
                      "and '_' (at most 64); not converted"]
    problems = [f"room {name}: {key}={value!r} not converted ({_why_not(key)})"
                for key, value in room.items() if key not in _KNOWN_KEYS]
    if room.get("display_name") not in (None, name):
        problems.append(f"room {name}: display_name {room['display_name']!r} not kept (Quorum's "
                        "room pages show the room's name)")
    label_file = room.get("participant_label_file")
    if label_file is None:
        return RoomEntry(name=name, labels_file=None), problems
    if not isinstance(label_file, str):
        return None, [*problems, f"room {name}: participant_label_file {label_file}; not converted"]
    path = project / label_file
    if not path.is_file():
        return None, [*problems, f"room {name}: its label file {label_file} is not in the project; "
                      "not converted"]
    text = path.read_bytes()
    bad = _bad_labels(text)
    if bad:
        return None, [*problems, f"room {name}: {label_file} line {bad[0]}: {bad[1]} Not "
                      "converted (fix the file and import again)"]
    target = PurePosixPath(label_file).name
    if files.get(target, text) != text:
        target = f"{name}_{target}"
    files[target] = text
    return RoomEntry(name=name, labels_file=target), problems


def _why_not(key: str) -> str:
    if key == "use_secure_urls":
        return "a Quorum room's labels are checked against its list; links carry no secret"
    return "no Quorum equivalent"


def _bad_labels(text: bytes) -> tuple[int, str] | None:
    """The first line of a label file that Quorum would refuse (line, why), or None."""
    try:
        lines = text.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return 1, "not UTF-8 text."
    for number, line in enumerate(lines, start=1):
        label = line.strip()
        if label and (problem := label_problem(label)):
            return number, f"{label!r}: {problem}"
    return None


def room_source(entry: RoomEntry) -> str:
    labels = f", labels_file=LABELS / {entry.labels_file!r}" if entry.labels_file else ""
    return f"room(name={entry.name!r}{labels})"


def rooms_module_merge(*, existing: str | None, rooms: list[RoomEntry]) -> str:
    """The module's new text: `existing` (None: no file yet) with the rooms written in."""
    return list_module_merge(
        source=EMPTY_MODULE if existing is None else existing, list_name="ROOMS",
        entries={entry.name: room_source(entry) for entry in rooms},
        module=f"experiments/{ROOMS_MODULE_NAME}.py")
