"""Participant requests through Django's full request path (URL, middleware, view, template)."""
from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client

from participants.models import Participant
from sessions_core.engine.forms import SYSTEM_FIELD
from tests.conftest import url_of


def load(participant: Participant) -> HttpResponse:
    return Client().get(url_of(participant))


def current_token(participant: Participant) -> str:
    """The position a page rendered now would carry in its form."""
    return Participant.objects.get(pk=participant.pk).position_token


def submit_page(participant: Participant, token: str, data: dict[str, Any] | None = None) -> HttpResponse:
    """A browser's post of the form that was rendered at `token`."""
    return Client().post(url_of(participant), {**(data or {}), SYSTEM_FIELD: token})


def shows(response: HttpResponse, element_id: str) -> bool:
    return response.status_code == 200 and f'id="{element_id}"'.encode() in response.content
