"""HEAD on a room URL answers as GET would (status and headers), without a body, and creates
nothing."""
from __future__ import annotations

import pytest
from django.test import Client

from tests.asgi import asgi_request
from tests.rooms.conftest import make_room, nothing_created, stored

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("settings", "query", "status"), [
    ({"open": True, "config": "trust"}, "", 200),
    ({"open": False, "config": "trust"}, "", 200),
    ({"open": True, "config": "trust", "labels": ["ALPHA"]}, "?label=BRAVO", 400),
])
def test_head_on_a_room_answers_like_get_without_a_body(settings: dict, query: str,
                                                        status: int) -> None:
    room = make_room(**settings)
    get = Client().get(f"/room/{room.name}/{query}")
    head = Client().head(f"/room/{room.name}/{query}")
    assert head.status_code == get.status_code == status
    assert head["Content-Type"] == get["Content-Type"]
    assert head["Content-Length"] == str(len(get.content))
    assert head.content == b""
    assert nothing_created() and stored(room).session is None


def test_head_on_a_room_sends_no_body_whatever_the_server() -> None:
    room = make_room(open=True, config="trust")
    reply = asgi_request("HEAD", f"/room/{room.name}/")
    assert reply.status == 200 and reply.body == b""
    assert int(reply.headers["content-length"]) > 0
    assert nothing_created()


def test_head_on_an_unknown_room_is_a_404() -> None:
    assert Client().head("/room/nosuchroom/").status_code == 404
