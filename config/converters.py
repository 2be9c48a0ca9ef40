"""Path converters for the names in Quorum's addresses, shared by config/urls.py and
config/routing.py.

A name outside its alphabet never matches a route, so it is a 404 page (or a closed socket)
before it reaches the database: PostgreSQL refuses a NUL byte in a query, which was a 500.
"""
from __future__ import annotations

from django.urls import register_converter


class NameConverter:
    """Session and participant names: lower-case letters and digits (a superset of
    sessions_core.models.NAME_ALPHABET, so a mistyped link, an "o" for a "0", still reaches the
    view and gets its "Link not found" page), at most the 32 characters of the column."""

    regex = "[a-z0-9]{1,32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class RoomNameConverter(NameConverter):
    """Room names, as rooms.models.ROOM_NAME_VALIDATOR allows them."""

    regex = "[A-Za-z0-9._-]{1,64}"


register_converter(NameConverter, "name")
register_converter(RoomNameConverter, "room_name")
