"""The porting check of a template (sessions_core/porting/sources.template_problems) reads a
template in oTree 5's syntax as Quorum will: translated, then compiled; a mistake has its line."""
from __future__ import annotations

from sessions_core.porting.sources import template_problems


def test_a_good_otree_5_template_has_no_problem() -> None:
    source = b"{{ block content }}\n{{ formfields }}{{ if x }}{{ x|to2 }}{{ endif }}\n{{ endblock }}"
    assert template_problems(source=source, name="game/Decide.html") == []


def test_an_otree_5_project_page_base_has_no_problem() -> None:
    source = b'{{ extends "otree/Page.html" }}\n{{ block global_styles }}{{ endblock }}'
    assert template_problems(source=source, name="_templates/global/Page.html") == []


def test_a_translation_mistake_is_reported_with_its_line() -> None:
    problems = template_problems(source=b"{{ block content }}\n\n{{ endif }}\n{{ endblock }}",
                                 name="game/Decide.html")
    assert problems == ["game/Decide.html line 3: {{ endif }} without an open {{ if }}"]


def test_a_compile_mistake_is_reported_with_its_line() -> None:
    problems = template_problems(source=b"{{ block content }}\n{{ x|nope }}\n{{ endblock }}",
                                 name="game/Decide.html")
    assert problems == ["game/Decide.html line 2: Invalid filter: 'nope'"]


def test_a_file_of_an_otree_5_app_folder_is_read_as_otree_syntax_whatever_its_tags() -> None:
    # `{% formfields %}` without `{% load otree %}`: fine in oTree 5, where the tags need no load.
    assert template_problems(source=b"{% formfields %}", name="game/Decide.html",
                             otree_syntax=True) == []
    assert template_problems(source=b"{% formfields %}", name="game/Decide.html") != []
