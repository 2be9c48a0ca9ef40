"""`{% load otree %}` gives what oTree 3 templates use without loading anything else:
`{% static %}` and the filters `c`, `abs` and `json`."""
from __future__ import annotations

from typing import Any

from django.template import Context, Template

from sessions_core.api import Currency


def render(source: str, **context: Any) -> str:
    return Template("{% load otree %}" + source).render(Context(context))


def test_static_gives_the_url_of_a_static_file() -> None:
    assert render("{% static 'trust/chart.js' %}") == "/static/trust/chart.js"


def test_static_as_a_variable() -> None:
    assert render("{% static 'a.png' as url %}<img src='{{ url }}'>") == "<img src='/static/a.png'>"


def test_c_makes_a_currency_that_prints_with_its_unit() -> None:
    assert render("{{ 10|c }} / {{ amount|c }}", amount=2) == "10 points / 2 points"


def test_c_leaves_what_is_not_a_number_alone() -> None:
    assert render("{{ word|c }}", word="ten") == "ten"


def test_abs_of_numbers_and_currency() -> None:
    assert render("{{ -3|abs }} {{ loss|abs }}", loss=Currency(-25)) == "3 25 points"


def test_json_gives_a_javascript_value_with_numbers_as_numbers() -> None:
    data = {"payoffs": [Currency(10), Currency(25)], "label": "A & B", "share": 0.5}
    assert render("var data = {{ data|json }};", data=data) == (
        'var data = {"payoffs": [10, 25], "label": "A \\u0026 B", "share": 0.5};')


def test_json_cannot_close_the_script_element() -> None:
    assert "</script>" not in render("{{ text|json }}", text="</script><script>alert(1)")
