"""A GET of a room URL creates nothing: link previewers and crawlers only ever see a page.
Joining is a POST (the waiting page's form submits itself)."""
from __future__ import annotations

import pytest
from django.test import Client

from rooms.services import room_create_session
from tests.rooms.conftest import make_room, nothing_created, stored

QUERIES = ["", "?label=ALPHA", "?label=cubicle-07", "?label=bad%20label", "?label=" + "L" * 200]


@pytest.mark.parametrize("settings", [
    {"open": True, "config": "trust"},
    {"open": True, "config": "trust", "labels": ["ALPHA", "BRAVO"]},
    {"open": True, "config": "trust", "capacity": 1},
    {"open": False, "config": "trust"},
    {"open": True, "config": ""},
])
def test_get_of_a_room_url_creates_nothing(db: None, settings: dict) -> None:
    room = make_room(**settings)
    crawler = Client()
    for query in QUERIES:
        for path in ("", "state/"):
            assert crawler.get(f"/room/{room.name}/{path}{query}").status_code in (200, 400)
        crawler.head(f"/room/{room.name}/{query}")
    assert nothing_created() and stored(room).session is None


def test_get_claims_no_pre_created_slot(db: None) -> None:
    room = make_room(config="trust")
    session = room_create_session(room_name=room.name, num_participants=2)
    for query in QUERIES:
        Client().get(f"/room/{room.name}/{query}")
    assert not session.participant_set.filter(claimed_at__isnull=False).exists()
    assert not session.participant_set.exclude(label=None).exists()
    assert session.participant_set.count() == 2


def test_get_of_an_accepting_room_shows_a_form_that_posts_to_join(db: None) -> None:
    room = make_room(open=True, config="trust")
    page = Client().get(f"/room/{room.name}/?label=cubicle-07").content.decode()
    # The form posts to the room's address with its query string (it may carry panel ids).
    assert f'method="post" action="/room/{room.name}/?label=cubicle-07"' in page
    assert 'name="label" value="cubicle-07"' in page and "csrfmiddlewaretoken" in page


def test_other_methods_are_not_allowed(db: None) -> None:
    room = make_room(open=True, config="trust")
    for method in ("put", "patch", "delete"):
        assert getattr(Client(), method)(f"/room/{room.name}/").status_code == 405
    assert nothing_created()
