"""Bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE are refused with 413 before anything reads them."""
from __future__ import annotations

import json

from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from rooms.models import Room
from tests.rooms.conftest import API, make_room, nothing_created, stored


def too_big() -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def test_oversized_join_post_is_refused_with_413(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    response = visitor.post(f"/room/{room.name}/", {"label": "A1", "pad": too_big()})
    assert response.status_code == 413
    assert "Request too large" in response.content.decode()
    assert nothing_created()


def test_oversized_api_body_is_refused_with_413(api: APIClient) -> None:
    room = make_room(config="trust")
    body = json.dumps({"labels": [too_big()]})
    response = api.patch(f"{API}/rooms/{room.name}/", body, content_type="application/json")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert stored(room).labels == []


def test_oversized_room_create_is_refused_with_413(api: APIClient) -> None:
    body = json.dumps({"name": "big", "labels": [too_big()]})
    response = api.post(f"{API}/rooms/", body, content_type="application/json")
    assert response.status_code == 413
    assert not Room.objects.filter(name="big").exists()


def test_a_body_just_under_the_limit_is_read(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    pad = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2)
    response = visitor.post(f"/room/{room.name}/", {"pad": pad})
    assert response.status_code == 302
