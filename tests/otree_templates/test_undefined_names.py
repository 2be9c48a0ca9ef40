"""A value an oTree template prints that does not exist is an error naming the template, the line
and the name, as in oTree 5 (which renders templates in strict mode); Django would print nothing."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.template.loader import get_template

from sessions_core.templatetags.otree import UndefinedVariable


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    (tmp_path / "app").mkdir()
    return tmp_path


class Player:
    payoff = 3


def render(folder: Path, source: str, **context: Any) -> str:
    """The source as a fragment in oTree syntax (its `{{ if 1 }}` shows it, on the first line)."""
    name = f"Page{len(list((folder / 'app').iterdir()))}.html"  # a new file: none is cached
    (folder / "app" / name).write_text("{{ if 1 }}" + source + "{{ endif }}")
    return get_template(f"app/{name}").render(context)


def test_a_name_that_does_not_exist(folder: Path) -> None:
    with pytest.raises(UndefinedVariable) as error:
        render(folder, "<p>\n{{ plyer.payoff }}</p>", player=Player())
    assert str(error.value) == (
        f"{folder / 'app' / 'Page0.html'}, line 2: {{{{ plyer.payoff }}}}: nothing is named 'plyer' "
        "here (the page gives player, group, subsession, participant, session, C and what "
        "vars_for_template returns)")


def test_an_attribute_that_does_not_exist(folder: Path) -> None:
    with pytest.raises(UndefinedVariable) as error:
        render(folder, "\n\n{{ player.payof|c }}", player=Player())
    assert str(error.value) == (
        f"{folder / 'app' / 'Page0.html'}, line 3: {{{{ player.payof|c }}}}: Player has no 'payof'")


def test_a_default_does_not_hide_a_missing_name_as_in_otree(folder: Path) -> None:
    with pytest.raises(UndefinedVariable):
        render(folder, '{{ missing|default("-") }}')
    assert render(folder, '{{ empty|default("-") }}', empty=None) == "-"


def test_existing_values_print_as_before(folder: Path) -> None:
    assert render(folder, "{{ player.payoff }} {{ 'text' }} {{ 2 }}", player=Player()) == "3 text 2"


def test_a_condition_on_a_missing_name_is_false_as_in_django(folder: Path) -> None:
    assert render(folder, "{{ if missing }}yes{{ else }}no{{ endif }}") == "no"
