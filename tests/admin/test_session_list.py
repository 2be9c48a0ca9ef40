"""The session list: SessionType, created, participants, started, finished and the test flag;
test sessions (bots, the demo page, marked as tests) are hidden unless asked for."""
from __future__ import annotations

import re

from django.test import Client

from tests.conftest import make_session, participants_of, post, visit

LIST = "/admin/sessions_core/session/"


def row_of(page: str, name: str) -> str:
    match = re.search(rf"<tr>.*?{name}.*?</tr>", page, re.S)
    assert match, f"no row for {name}"
    return match.group(0)


def test_the_list_shows_type_counts_and_test_flag(experimenter: Client) -> None:
    session = make_session("questionnaire", 3, label="Tuesday")
    first, second, _ = participants_of(session)
    visit(first)
    visit(second)
    page = experimenter.get(LIST).content.decode()
    for heading in ("SessionType", "Created at", "Participants", "Started", "Finished",
                    "Test session"):
        assert f">{heading}</a>" in page, heading
    row = row_of(page, session.name)
    assert "Questionnaire (questionnaire)" in row and "Tuesday" in row
    cells = re.findall(r'<td class="field-(participants|started|finished)">(\d+)</td>', row)
    assert cells == [("participants", "3"), ("started", "2"), ("finished", "0")]


def test_finished_participants_are_counted(experimenter: Client) -> None:
    session = make_session("dictator", 2)
    dictator, receiver = participants_of(session)
    visit(dictator)
    visit(receiver)
    post(dictator, {"kept": 60})
    visit(receiver)
    post(receiver, {})
    row = row_of(experimenter.get(LIST).content.decode(), session.name)
    assert '<td class="field-finished">1</td>' in row


def test_test_sessions_are_hidden_by_default(experimenter: Client) -> None:
    real = make_session("trust", 2)
    test = make_session("trust", 2, is_test=True)
    default = experimenter.get(LIST).content.decode()
    assert real.name in default and test.name not in default
    only = experimenter.get(f"{LIST}?test=only").content.decode()
    assert test.name in only and real.name not in only
    everything = experimenter.get(f"{LIST}?test=all").content.decode()
    assert test.name in everything and real.name in everything


def test_the_filter_says_test_sessions_are_hidden(experimenter: Client) -> None:
    page = experimenter.get(LIST).content.decode()
    assert re.search(r'<li class="selected">\s*<a href="\?"[^>]*>hidden</a>', page)
    assert 'href="?test=all"' in page and 'href="?test=only"' in page
