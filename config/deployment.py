"""Deployment-specific objects created at server start.

    from rooms.defaults import room
    DEFAULT_ROOMS.append(room("my_room", config="my_session", labels=["ALPHA", "BRAVO"],
                              capacity=20, open=True))

A room listed here is created when the server starts (after `migrate`, and on the first request
that needs rooms) if no room of that name exists; an existing room is never overwritten.
"""
from experiments import imported_rooms
from rooms.defaults import RoomSpec, room

DEFAULT_ROOMS: list[RoomSpec] = [
    room("lab", config="my_session"),
    # the ROOMS of oTree projects brought in by `manage.py import_otree`
    *imported_rooms.ROOMS,
]
