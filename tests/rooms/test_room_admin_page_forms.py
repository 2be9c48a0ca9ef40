"""The room's admin page has no form inside another (a browser drops the inner one, and its
fields join the change form), and every button names a form that exists on the page.
tests/e2e/test_room_admin_buttons.py clicks them in Chromium."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.rooms.conftest import join, joined_participant, make_room


class Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.nested: list[str] = []
        self.ids: set[str] = set()
        self.buttons: dict[str, str] = {}  # button text id -> the form it names
        self._button: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            if self.depth:
                self.nested.append(attributes.get("id") or "?")
            self.depth += 1
            self.ids.add(attributes.get("id") or "")
        if tag == "button" and attributes.get("form"):
            self._button = attributes["form"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.depth -= 1
        if tag == "button":
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._button is not None and data.strip():
            self.buttons[data.strip()] = self._button


def forms_of(page: str) -> Forms:
    parsed = Forms()
    parsed.feed(page)
    return parsed


@pytest.mark.parametrize("with_session", [False, True])
def test_no_form_is_nested_and_every_button_has_its_form(experimenter: Client,
                                                        with_session: bool) -> None:
    room = make_room(config="trust", open=with_session)
    if with_session:
        joined_participant(join(Client(), room))
    page = experimenter.get(f"/admin/rooms/room/{room.pk}/change/").content.decode()
    forms = forms_of(page)
    assert forms.nested == []
    expected = {"Close room", "Disassociate session"} if with_session else {"Open room"}
    assert set(forms.buttons) == expected
    assert all(form in forms.ids for form in forms.buttons.values())

