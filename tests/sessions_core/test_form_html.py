"""Form fields are written without templates, and give exactly what the templates give."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.template import engines
from django.template.loader import render_to_string
from django.template.loaders import cached
from django.test.signals import template_rendered

from sessions_core.engine.form_html import FIELD_TEMPLATE, RENDERER, field_html
from sessions_core.experimenter import widgets

CHOICES = [("", "---------"), ("1", "One"), ("2", "Two & <three>")]


class Everything(forms.Form):
    age = forms.IntegerField(min_value=0, max_value=120, label="Your age")
    amount = forms.DecimalField(min_value=Decimal(0), decimal_places=2, required=False)
    share = forms.FloatField(widget=widgets.Slider(attrs={"step": "any"}))
    name = forms.CharField(max_length=20, help_text="As on your <ID>")
    story = forms.CharField(widget=forms.Textarea, required=False)
    pick = forms.TypedChoiceField(choices=CHOICES, coerce=int, empty_value=None)
    grouped = forms.ChoiceField(choices=[("Odd", [("1", "One"), ("3", "Three")]),
                                         ("Even", [("2", "Two")])])
    radio = forms.TypedChoiceField(choices=CHOICES[1:], widget=widgets.RadioSelect)
    across = forms.TypedChoiceField(choices=[("True", "Yes"), ("False", "No")],
                                    widget=widgets.RadioSelectHorizontal)
    agree = forms.BooleanField(widget=widgets.CheckboxInput, required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


CASES: dict[str, dict[str, Any]] = {
    "empty": {},
    "initial": {"initial": {"age": 30, "name": 'Ann "A" <b>', "story": "a < b\nc & d",
                            "pick": 2, "radio": "1", "across": "False", "agree": True,
                            "amount": Decimal("2.50"), "share": 0.25}},
    "invalid post": {"data": {"age": "-4", "name": "x" * 30, "pick": "9", "radio": "5",
                              "story": "<script>", "share": "abc"}},
    "valid post": {"data": {"age": "44", "name": "Bo", "pick": "1", "radio": "2",
                            "across": "True", "share": "0.5", "grouped": "3", "agree": "on"}},
}


@contextmanager
def templates_rendered() -> Iterator[list[str]]:
    names: list[str] = []

    def note(sender: Any, template: Any, **kwargs: Any) -> None:
        names.append(template.name)

    template_rendered.connect(note)
    try:
        yield names
    finally:
        template_rendered.disconnect(note)


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_field_is_written_as_its_templates_render_it(case: str) -> None:
    fast = Everything(renderer=RENDERER, **CASES[case])
    slow = Everything(renderer=TemplatesSetting(), **CASES[case])
    if fast.is_bound:
        fast.is_valid()
        slow.is_valid()
    for name in fast.fields:
        for label in (None, "Custom <label>"):
            expected = render_to_string(FIELD_TEMPLATE, {
                "field": slow[name], "label": slow[name].label if label is None else label})
            written = field_html(fast[name], fast[name].label if label is None else label)
            assert written == expected, name


def test_writing_the_fields_renders_no_template() -> None:
    form = Everything(renderer=RENDERER, data={"age": "-1"})
    form.is_valid()
    with templates_rendered() as names:
        html = "".join(field_html(form[name], form[name].label) for name in form.fields)
    assert names == []
    assert 'name="age"' in html and 'class="radio-list horizontal"' in html


def test_a_widget_it_does_not_know_still_renders_through_its_template() -> None:
    class Other(forms.Form):
        day = forms.DateField(widget=forms.SelectDateWidget)
        plain_radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)

    fast, slow = Other(renderer=RENDERER), Other(renderer=TemplatesSetting())
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name])
    with templates_rendered() as names:
        str(fast["plain_radio"])
    assert "django/forms/widgets/radio.html" in names


def test_a_project_override_of_a_widget_template_is_used(settings: Any, tmp_path: Any) -> None:
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "number.html").write_text('<input class="mine" name="{{ widget.name }}">')
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    assert str(Everything(renderer=RENDERER)["age"]) == '<input class="mine" name="age">'


@pytest.mark.parametrize("debug", [False, True])
def test_templates_are_compiled_once_per_process_in_every_mode(settings: Any, debug: bool) -> None:
    settings.DEBUG = debug
    settings.TEMPLATES = [dict(settings.TEMPLATES[0])]  # a new engine, built with this DEBUG
    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1 and isinstance(loaders[0], cached.Loader)
