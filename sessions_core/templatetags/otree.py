"""`{% load otree %}`: what oTree 3 templates use without loading anything else.

The form tags (formfields, formfield, formfield_errors, next_button), `{% chat %}` (a group chat:
engine/chat.py), `{% static %}` (Django's own tag), and the filters `c` (to Currency; `cu` is
oTree 5's name for it), `abs`, `json`, and oTree 5's rounding filters `to0`, `to1`, `to2`. oTree 5
templates (sessions_core/otree_templates/) are translated to these tags.
"""
from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import BoundField
from django.template.base import (
    FilterExpression,
    Parser,
    Token,
    Variable,
    VariableDoesNotExist,
    render_value_in_context,
)
from django.template.context import BaseContext
from django.template.loader import render_to_string
from django.templatetags.static import do_static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from sessions_core.engine.chat import MAX_CHARS, chat_ticket
from sessions_core.engine.form_html import field_html
from sessions_core.experimenter.currency import Currency, to_decimal

register = template.Library()
register.tag("static", do_static)

# As Django's json_script does: the JSON stays valid and cannot close a <script> element.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class _NumbersAsNumbers(DjangoJSONEncoder):
    """Currency and other Decimals become JSON numbers (10, 2.5), not strings."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


@register.filter(name="cu")
@register.filter(name="c")
def to_currency(value: Any) -> Any:
    """`{{ 10|c }}` prints "10 points"; a value that is not a number is left as it is."""
    try:
        return Currency(value)
    except (InvalidOperation, TypeError, ValueError):
        return value


def _rounded(value: Any, places: int) -> Any:
    """`{{ 3.14159|to2 }}` prints 3.14 (half up, as `c` rounds); Currency stays Currency, with its
    unit; a value that is not a number is left as it is."""
    try:
        number = to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if isinstance(value, Currency):  # "10.50 points": the number as rounded, the unit kept
        return str(value).replace(format(Decimal(value), "f"), format(number, "f"), 1)
    return format(number, "f")


@register.filter(name="to0")
def to0(value: Any) -> Any:
    return _rounded(value, 0)


@register.filter(name="to1")
def to1(value: Any) -> Any:
    return _rounded(value, 1)


@register.filter(name="to2")
def to2(value: Any) -> Any:
    return _rounded(value, 2)


@register.filter(name="abs")
def absolute(value: Any) -> Any:
    try:
        return abs(value)
    except TypeError:
        return value


@register.filter(name="json")
def to_json(value: Any) -> SafeString:
    """`var data = {{ values|json }};` in a script."""
    return mark_safe(json.dumps(value, cls=_NumbersAsNumbers).translate(_SCRIPT_SAFE))


def _render_field(context: template.Context, name: str, label: Any = None) -> SafeString:
    form = context.get("form")
    if form is None or name not in form.fields:
        page = context.get("view")
        raise template.TemplateSyntaxError(
            f"formfield: {name!r} is not in the form_fields of page "
            f"{type(page).__name__ if page else '?'}")
    bound = form[name]
    return field_html(bound, bound.label if label is None else label)


@register.simple_tag(takes_context=True)
def formfields(context: template.Context) -> SafeString:
    form = context.get("form")
    if form is None:
        return mark_safe("")
    return mark_safe("".join(_render_field(context, name) for name in form.fields))


def _where(node: template.Node) -> str:
    """"<template's path>, line <n>: " for a message about what a node of it does."""
    token = getattr(node, "token", None)
    origin = getattr(node, "origin", None)
    line = f", line {token.lineno}" if token is not None else ""
    return f"{origin.name if origin is not None else 'template'}{line}: "


class FormFieldNode(template.Node):
    def __init__(self, name: str | FilterExpression, label: FilterExpression | None,
                 loop_field: FilterExpression | None = None) -> None:
        self.name = name
        self.label = label
        self.loop_field = loop_field

    def render(self, context: template.Context) -> str:
        name = self.name if isinstance(self.name, str) else str(self.name.resolve(context))
        if self.loop_field is not None:
            # `{% for field in form %}{% formfield field %}`: the loop's field, by its name.
            field = self.loop_field.resolve(context, ignore_failures=True)
            if isinstance(field, BoundField):
                name = field.name
        label = self.label.resolve(context) if self.label is not None else None
        try:
            return _render_field(context, name, label)
        except template.TemplateSyntaxError as error:
            raise template.TemplateSyntaxError(_where(self) + str(error)) from None


@register.tag
def formfield(parser: Parser, token: Token) -> FormFieldNode:
    """`{% formfield player.age %}`, `{% formfield 'age' label="Age" %}`, and in a loop over the
    form, `{% for field in form %}{% formfield field %}{% endfor %}`."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("formfield needs a field: {% formfield player.age %}")
    target = bits[1]
    name: str | FilterExpression
    if target[0] in "\"'":
        name = parser.compile_filter(target)
    else:
        # player.age / group.offer: the field name is the last part of the path.
        name = target.split(".")[-1]
    label = None
    for bit in bits[2:]:
        if bit == "with":
            continue
        key, _, value = bit.partition("=")
        if key != "label" or not value:
            raise template.TemplateSyntaxError(f"formfield: unknown option {bit!r}")
        label = parser.compile_filter(value)
    loop_field = parser.compile_filter(target) if target.isidentifier() else None
    return FormFieldNode(name, label, loop_field)


@register.simple_tag(takes_context=True)
def formfield_errors(context: template.Context, name: str) -> SafeString:
    """`{{ formfield_errors 'age' }}`: the field's errors alone, for a form written in raw HTML."""
    form = context.get("form")
    if form is None or name not in form.fields:
        raise template.TemplateSyntaxError(f"formfield_errors: {name!r} is not in the page's form")
    return format_html_join("", '<div class="field-error" role="alert">{}</div>',
                            ((error,) for error in form[name].errors))


class UndefinedVariable(Exception):
    """A template of oTree syntax printed a name that does not exist (oTree raises for it too)."""


class ValueNode(template.Node):
    """A value a template of oTree syntax prints: not HTML-escaped, and an error when a name or
    attribute it reads does not exist, as in oTree 5 (Django would print nothing)."""

    def __init__(self, source: str, expression: FilterExpression) -> None:
        self.source = source
        self.expression = expression
        if isinstance(expression.var, Variable):
            # Django's FilterExpression turns a failed lookup into "" and goes on; this one
            # raises instead (and the filters run once, on the value found).
            expression.var = _Strict(expression.var, self)

    def render(self, context: template.Context) -> str:
        value = self.expression.resolve(context)
        # Printed as Django prints a value (localized; Currency with its unit), unescaped.
        autoescape, context.autoescape = context.autoescape, False
        try:
            return render_value_in_context(value, context)
        finally:
            context.autoescape = autoescape



class _Strict:
    """The variable of a ValueNode: resolved as Django does, a missing name an error."""

    def __init__(self, variable: Variable, node: ValueNode) -> None:
        self.variable = variable
        self.node = node

    def resolve(self, context: template.Context) -> Any:
        try:
            return self.variable.resolve(context)
        except VariableDoesNotExist as missing:
            raise UndefinedVariable(_where(self.node) + _missing(self.node.source, missing)) \
                from None


def _missing(source: str, missing: VariableDoesNotExist) -> str:
    key, found_in = (*missing.params, None, None)[:2]
    if found_in is None or isinstance(found_in, BaseContext):
        return (f"{{{{ {source} }}}}: nothing is named {key!r} here (the page gives player, "
                "group, subsession, participant, session, C and what vars_for_template returns)")
    return f"{{{{ {source} }}}}: {type(found_in).__name__} has no {key!r}"


@register.tag
def value(parser: Parser, token: Token) -> ValueNode:
    """`{% value player.payoff|c %}`: what `{{ player.payoff|c }}` in oTree syntax becomes."""
    source = token.contents.split(None, 1)[1] if " " in token.contents else ""
    if not source:
        raise template.TemplateSyntaxError("value needs an expression")
    return ValueNode(source, parser.compile_filter(source))


@register.simple_tag
def next_button(text: str = "Next") -> SafeString:
    return format_html('<p><button type="submit" class="btn otree-btn-next" '
                       'id="next-button">{}</button></p>', text)


@register.simple_tag(takes_context=True)
def chat(context: template.Context, channel: Any = None, nickname: Any = None) -> SafeString:
    """`{% chat %}`, `{% chat channel=group.id_in_subsession nickname=player.role %}`: a chat
    box for the page's player (oTree 3's options; engine/chat.py says what they mean)."""
    page = context.get("view")
    player = getattr(page, "player", None)
    if page is None or player is None:
        raise template.TemplateSyntaxError("chat: only a participant's page can show a chat")
    signed, ticket = chat_ticket(player=player, app_label=page.app_label, channel=channel,
                                 nickname=nickname)
    return mark_safe(render_to_string("quorum/chat.html", {
        "ticket": signed, "channel": ticket.group, "nickname": ticket.nickname,
        "me": ticket.participant_id, "max_chars": MAX_CHARS}))
