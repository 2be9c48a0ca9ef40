"""The form of a page: Django form fields made from experiment model fields and page rules.

Validation order follows oTree: field types and min/max/choices (static or `<field>_min()`,
`<field>_max()`, `<field>_choices()`), then `<field>_error_message(value)`, then the page's
`error_message(values)`. The `<field>_...` rules are looked up on the page, then on the model
instance the form fills (Player or Group), as oTree 3 does, then (oTree 5's one-file format)
among the app's functions, which take that instance. Page methods are called in either form
(experimenter/pages.py: call_page_method). A rejected form stores nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, cast

from django import forms
from django.core.exceptions import ImproperlyConfigured

from sessions_core.engine.form_html import RENDERER
from sessions_core.experimenter import widgets
from sessions_core.experimenter.currency import Currency
from sessions_core.experimenter.currency import _places as currency_places
from sessions_core.experimenter.fields import ExperimentField, normalize_choices
from sessions_core.experimenter.pages import Page, call_page_method
from sessions_core.experimenter.registry import experiment_app

SYSTEM_FIELD = "_quorum_page"


def _rule(page: Page, instance: Any, name: str, suffix: str) -> Callable[..., Any] | None:
    """The `<field>_<suffix>` method of the page, else of the model instance (oTree 3's order),
    else, in oTree 5's one-file format, the app's function of that name, given the instance
    (`def contribution_max(player)`, `def offer_error_message(player, value)`)."""
    for owner in (page, instance):
        method = getattr(owner, f"{name}_{suffix}", None)
        if callable(method):
            return method
    function = experiment_app(page.app_label).function(f"{name}_{suffix}")
    return partial(function, instance) if function is not None else None


def _dynamic(page: Page, instance: Any, name: str, suffix: str, static: Any) -> Any:
    """The value of a `<field>_min/_max/_choices` rule, or the field's static one."""
    method = _rule(page, instance, name, suffix)
    return method() if method is not None else static


def choice_value(value: Any) -> str:
    """How a value travels in HTML: Currency(40) is "40", True is "True"."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(Decimal(value), "f")
    return str(value)


def _coerce_for(kind: str) -> Any:
    return {
        "integer": int,
        "float": float,
        "currency": lambda v: Currency(Decimal(v)),
        "boolean": lambda v: v in (True, "True", "true", "1", 1),
    }.get(kind, str)


def _choice_field(model_field: ExperimentField, choices: list[tuple[Any, str]], required: bool,
                  label: str) -> forms.Field:
    widget = model_field.form_widget or forms.Select
    if isinstance(widget, type):
        widget = widget()
    field = forms.TypedChoiceField(
        choices=[(choice_value(value), text) for value, text in choices],
        coerce=_coerce_for(model_field.form_kind), empty_value=None, required=required,
        label=label, widget=widget,
    )
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
        field.choices = [("", "---------"), *cast(list[tuple[str, str]], field.choices)]
    return field


def _plain_field(model_field: ExperimentField, required: bool, label: str,
                 low: Any, high: Any) -> forms.Field:
    kind = model_field.form_kind
    kwargs: dict[str, Any] = {"required": required, "label": label}
    if model_field.form_widget is not None:
        kwargs["widget"] = model_field.form_widget
    if kind == "integer":
        return forms.IntegerField(min_value=low, max_value=high, **kwargs)
    if kind == "float":
        return forms.FloatField(min_value=low, max_value=high, **kwargs)
    if kind == "currency":
        # More decimals than Currency keeps would be rounded away unseen: reject them instead.
        return forms.DecimalField(min_value=_dec(low), max_value=_dec(high),
                                  decimal_places=currency_places(), **kwargs)
    if kind == "longstring":
        kwargs.setdefault("widget", forms.Textarea)
        return forms.CharField(strip=True, max_length=_max_length(model_field), **kwargs)
    if kind == "boolean":
        kwargs.setdefault("widget", widgets.RadioSelect)
        if isinstance(kwargs["widget"], forms.CheckboxInput) or kwargs["widget"] is widgets.CheckboxInput:
            return forms.BooleanField(**kwargs)
        return forms.TypedChoiceField(choices=[("True", "Yes"), ("False", "No")],
                                      coerce=_coerce_for("boolean"), empty_value=None, **kwargs)
    return forms.CharField(strip=True, max_length=_max_length(model_field), **kwargs)


def _max_length(model_field: ExperimentField) -> int | None:
    return getattr(model_field, "max_length", None)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def form_field_for(page: Page, instance: Any, name: str) -> forms.Field:
    try:
        model_field = instance._meta.get_field(name)
    except Exception:
        raise ImproperlyConfigured(
            f"page {type(page).__name__}: form field {name!r} is not a field of "
            f"{type(instance).__name__}"
        ) from None
    if not isinstance(model_field, ExperimentField):
        raise ImproperlyConfigured(f"page {type(page).__name__}: {name!r} is not a form field")
    label = model_field.form_label or name.replace("_", " ").capitalize()
    required = not model_field.form_blank
    choices_rule = _rule(page, instance, name, "choices")
    choices = normalize_choices(choices_rule()) if choices_rule else model_field.form_choices
    if choices is not None:
        return _choice_field(model_field, choices, required, label)
    low = _dynamic(page, instance, name, "min", model_field.min_value)
    high = _dynamic(page, instance, name, "max", model_field.max_value)
    return _plain_field(model_field, required, label, low, high)


class PageForm(forms.Form):
    def __init__(self, *args: Any, page: Page, instance: Any, names: list[str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        self.instance = instance
        for name in names:
            self.fields[name] = form_field_for(page, instance, name)
            current = getattr(instance, name)
            if current is not None:
                self.initial[name] = current

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in list(self.fields):
            if name not in cleaned:
                continue
            check = _rule(self.page, self.instance, name, "error_message")
            message = check(cleaned[name]) if check is not None else None
            if message:
                self.add_error(name, str(message))
        if not self.errors:
            self._page_level(cleaned)
        return cleaned

    def _page_level(self, cleaned: dict[str, Any]) -> None:
        message = call_page_method(self.page, "error_message", self.page.player, dict(cleaned))
        if isinstance(message, dict):
            for name, text in message.items():
                self.add_error(name if name in self.fields else None, str(text))
        elif message:
            self.add_error(None, str(message))


def page_form(page: Page, data: Any = None) -> PageForm | None:
    if not page.form_model:
        return None
    if page.form_model not in ("player", "group"):
        raise ImproperlyConfigured(
            f"page {type(page).__name__}: form_model must be 'player' or 'group', "
            f"not {page.form_model!r}"
        )
    instance = page.player if page.form_model == "player" else page.group
    names = call_page_method(page, "get_form_fields", page.player)
    return PageForm(data, page=page, instance=instance, names=names, prefix=None,
                    renderer=RENDERER)
