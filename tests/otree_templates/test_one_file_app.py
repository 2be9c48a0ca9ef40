"""An app in oTree 5's one-file format (tests/apps/onefile_templates) whose templates sit in the
app folder in oTree 5's syntax: its bots play it through every page, reading what each shows,
and its wait page has a template of its own."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import make_session, participants_of, post, url_of


@pytest.mark.django_db(transaction=True)
def test_bots_play_the_one_file_app(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("bots", "onefile_templates", "2", "--no-progress")
    assert "All bot cases passed." in capsys.readouterr().out


@pytest.mark.django_db
def test_its_wait_page_shows_its_own_template(client: Client) -> None:
    first, _second = participants_of(make_session("onefile_templates", 2))
    client.get(url_of(first))
    post(first, {})
    post(first, {"guess": 60, "comment": ""})
    html = client.get(url_of(first)).content.decode()
    assert '<h1 class="page-title">Waiting for your partner</h1>' in html
    assert "<p>Your partner is still guessing.</p>" in html
    assert 'id="quorum-wait"' in html


@pytest.mark.django_db
def test_its_decision_page_has_the_groups_chat(client: Client) -> None:
    first, _second = participants_of(make_session("onefile_templates", 2))
    client.get(url_of(first))
    post(first, {})
    html = client.get(url_of(first)).content.decode()
    assert 'class="quorum-chat"' in html
    assert "How much, from 0 to 100?" in html and "A comment for your partner" in html
