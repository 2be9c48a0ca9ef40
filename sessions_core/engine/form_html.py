"""A form's HTML without a template render per field.

A page's form fields were each rendered through templates: `quorum/formfield.html` around the
field, then the widget's own templates (`input.html` including `attrs.html`, `select.html`
including one `select_option.html` per choice) through Django's template renderer; per page a
tenth of the request's CPU. Here the same markup is written in Python for the templates a page
form uses, byte for byte what those templates give (tests/sessions_core/test_form_html.py
renders both and compares). Any other widget, and any of these templates that a project
overrides in its own template folders, still renders through the templates.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import django.forms
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.template.loader import get_template, render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

_CONTEXT = Context(autoescape=True)  # how templates print a value: localized, then escaped
_DJANGO_WIDGETS = "django/forms/widgets/"
_INPUT_TYPES = ("text", "number", "email", "url", "password", "hidden", "checkbox", "search",
                "tel")
FIELD_TEMPLATE = "quorum/formfield.html"


def _out(value: Any) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _string(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`."""
    text = str(value)  # what "%s" % value gives (a tuple too: the filter passes it whole)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(f" {_out(name)}" + ("" if value is True else f'="{_string(value)}"')
                   for name, value in attrs.items() if value is not False)


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html (and each widget template that only includes it)."""
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return (f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{value}'
            f'{_attrs(widget["attrs"])}>')


def _textarea(widget: dict[str, Any]) -> str:
    value = _out(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict[str, Any]) -> str:
    """django/forms/widgets/select_option.html, with the file's own line end."""
    return (f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
            f'{_out(option["label"])}</option>\n')


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in options:
            if option["template_name"] != _DJANGO_WIDGETS + "select_option.html":
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _radio_list(css_class: str) -> Callable[[dict[str, Any]], str]:
    """templates/quorum/widgets/radio.html and radio_horizontal.html."""
    def render(widget: dict[str, Any]) -> str:
        element_id = widget["attrs"].get("id")
        id_attr = ' id="' + _out(element_id) + '"' if element_id else ""
        parts = [f'<div{id_attr} class="{css_class}">']
        for _, options, _ in widget["optgroups"]:
            for option in options:
                parts.append(
                    f'\n<label class="radio-option"><input type="{_out(option["type"])}" '
                    f'name="{_out(option["name"])}" value="{_string(option["value"])}"'
                    f'{_attrs(option["attrs"])}> {_out(option["label"])}</label>')
        parts.append("\n</div>")
        return "".join(parts)
    return render


_WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{_DJANGO_WIDGETS}{kind}.html": _input for kind in _INPUT_TYPES},
    f"{_DJANGO_WIDGETS}textarea.html": _textarea,
    f"{_DJANGO_WIDGETS}select.html": _select,
    "quorum/widgets/radio.html": _radio_list("radio-list"),
    "quorum/widgets/radio_horizontal.html": _radio_list("radio-list horizontal"),
}

# The templates each writer stands for, and the files they must be for the writer to apply.
_DEPENDS = {
    **{f"{_DJANGO_WIDGETS}{kind}.html": ("input.html", "attrs.html") for kind in _INPUT_TYPES},
    f"{_DJANGO_WIDGETS}textarea.html": ("attrs.html",),
    f"{_DJANGO_WIDGETS}select.html": ("select_option.html", "attrs.html"),
    "quorum/widgets/radio.html": ("attrs.html",),
    "quorum/widgets/radio_horizontal.html": ("attrs.html",),
}


def _shipped_path(name: str) -> Path:
    if name.startswith("django/forms/"):
        return Path(django.forms.__file__).parent / "templates" / name
    return Path(settings.BASE_DIR) / "templates" / name


@cache
def _is_shipped(name: str) -> bool:
    """Whether `name` resolves to the template this module was written from (not a project's
    override of it)."""
    origin = getattr(get_template(name), "origin", None)
    return origin is not None and Path(str(origin.name)) == _shipped_path(name)


@receiver(setting_changed)
def _templates_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in ("TEMPLATES", "INSTALLED_APPS", "BASE_DIR"):
        _is_shipped.cache_clear()


def _writes(template_name: str) -> bool:
    depends = _DEPENDS.get(template_name)
    return depends is not None and _is_shipped(template_name) and all(
        _is_shipped(_DJANGO_WIDGETS + name) for name in depends)


class PageFormRenderer(TemplatesSetting):
    """The project's form renderer (TemplatesSetting), writing the usual widgets in Python."""

    def render(self, template_name: str, context: dict[str, Any],
               request: Any = None) -> str:
        if request is None and _writes(template_name):
            html = _WRITERS[template_name](context["widget"])
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)


RENDERER = PageFormRenderer()


def field_html(field: Any, label: Any) -> SafeString:
    """A bound field in its block: label, widget, help text, errors (quorum/formfield.html)."""
    if not _is_shipped(FIELD_TEMPLATE):
        return mark_safe(render_to_string(FIELD_TEMPLATE, {"field": field, "label": label}))
    errors = field.errors
    help_text = field.help_text
    help_html = '<small class="help">' + _out(help_text) + "</small>" if help_text else ""
    errors_html = "".join('<div class="field-error" role="alert">' + _out(error) + "</div>"
                          for error in errors)
    return mark_safe(
        f'<div class="form-field{" has-error" if errors else ""}">\n'
        f'  <label class="field-label" for="{_out(field.id_for_label)}">{_out(label)}</label>\n'
        f"  {_out(field)}\n"
        f"  {help_html}\n"
        f"  {errors_html}\n"
        f"</div>\n")
