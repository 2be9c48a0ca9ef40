"""The lab manager's "Exclude from balancing…" action, on the session list and the participant
list: a form asks for the reason (required), then the conditions' services exclude each
selected session or participant (sessions_core/conditions/services.py). Excluded units stop
counting for condition balancing from then on; the data keeps them, flagged.

Excluding is idempotent: one that was excluded already keeps its first time and reason, and
the message after says so.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from sessions_core.errors import QuorumError

REASON_MAX = 1000


class ExcludeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), max_length=REASON_MAX,
        label="Reason",
        help_text="Why it is excluded (kept with the data, e.g. \"equipment failure in cubicle "
                  "4\"). Required.",
        error_messages={"required": "Give a reason: it is kept with the data."})


Exclude = Callable[[Any, str], bool]


def exclude_action(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any],
                   *, action: str, exclude: Exclude) -> TemplateResponse | None:
    """The action: the reason form first; once it is posted valid, exclude each selected one
    in one transaction (a refusal leaves all unchanged) and go back to the list."""
    form = ExcludeForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        _apply(model_admin, request, list(queryset), form.cleaned_data["reason"], exclude)
        return None
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Exclude {opts.verbose_name_plural} from balancing",
        "opts": opts, "objects": list(queryset), "form": form, "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": model_admin.media,
    }
    return TemplateResponse(request, "admin/quorum/exclude.html", context)


def _apply(model_admin: admin.ModelAdmin, request: HttpRequest, objects: list[Model],
           reason: str, exclude: Exclude) -> None:
    plural = model_admin.model._meta.verbose_name_plural
    if not objects:
        model_admin.message_user(request, f"None of the selected {plural} exists any more: "
                                 "nothing was changed.", messages.ERROR)
        return
    try:
        with transaction.atomic():
            changed = [obj for obj in objects if exclude(obj, reason)]
    except QuorumError as error:
        model_admin.message_user(request, f"Nothing was excluded: {error}", messages.ERROR)
        return
    kept = [obj for obj in objects if obj not in changed]
    if changed:
        model_admin.message_user(
            request, f"Excluded from balancing: {_names(changed)}. Reason: “{reason}”. They "
            "no longer count for condition balancing; their data is kept, flagged.",
            messages.SUCCESS)
    if kept:
        model_admin.message_user(
            request, f"Already excluded, unchanged (their first reason is kept): "
            f"{_names(kept)}.", messages.WARNING)


def _names(objects: list[Model]) -> str:
    return ", ".join(str(obj) for obj in objects)
