"""A whole page written in oTree 5's syntax, in the app's folder (tests/apps/otree5_pages/), found
by the template name each page gets by default ("otree5_pages/Decide.html"), in Quorum's layout."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.template.autoreload import get_template_directories
from django.template.loader import get_template
from django.test import Client

from tests.conftest import make_session, participants_of, url_of


def test_the_template_name_resolves_to_the_file_in_the_app_folder() -> None:
    origin = get_template("otree5_pages/Decide.html").origin
    assert origin.name.endswith("tests/apps/otree5_pages/Decide.html")


def test_a_django_template_of_an_app_templates_folder_is_still_read_as_it_is() -> None:
    origin = get_template("trust/Send.html").origin
    assert origin.name.endswith("experiments/trust/templates/trust/Send.html")


@pytest.mark.django_db(transaction=True)
def test_bots_play_the_pages_and_read_what_they_show(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("bots", "otree5_pages", "1", "--no-progress")
    assert "All bot cases passed." in capsys.readouterr().out


@pytest.mark.django_db
def test_a_browser_gets_the_page_in_quorums_layout(client: Client) -> None:
    participant = participants_of(make_session("otree5_pages", 1))[0]
    html = client.get(url_of(participant)).content.decode()
    assert '<h1 class="page-title">Decide, oTree syntax</h1>' in html
    assert '<form method="post" action="" class="page-form" id="form"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Your endowment is 100 points." in html
    assert "These are the instructions (1 of 2 hands)." in html
    assert html.index("How old are you?") < html.index('name="hand"') < html.index("next-button")


def test_the_autoreloader_watches_the_project_apps_folders_not_installed_packages() -> None:
    watched = {str(path) for path in get_template_directories()}
    assert any(path.endswith("tests/apps/otree5_pages") for path in watched)
    assert any(path.endswith("experiments/trust") for path in watched)
    assert not any("site-packages" in path and path.endswith("rest_framework") for path in watched)
