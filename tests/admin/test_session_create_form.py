"""The admin's create form: choose a SessionType, then fill in participants, label, test flag and
the SessionType's config keys, each a field typed after its default and showing it. Creating
queues the initialization as a task; the change page shows how far it has got."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django import forms
from django.test import Client
from kombu.exceptions import OperationalError

from sessions_core.admin.create import config_field
from sessions_core.lifecycle import tasks
from sessions_core.models import Session

CREATE = "/admin/sessions_core/session/create/"
FORM = f"{CREATE}?session_type=admincheck"
VALID = {"num_participants": "2", "label": "", "config_rounds_hint": "3",
         "config_share": "0.5", "config_shuffle": "on", "config_greeting": "hello",
         "config_tags": '["a", "b"]', "config_fail_in_creating_session": ""}


def test_step_one_lists_every_session_type_and_nothing_else(experimenter: Client) -> None:
    page = experimenter.get(CREATE).content.decode()
    assert 'value="admincheck"' in page and 'value="trust"' in page
    assert "session-create-form" not in page


def test_step_two_has_a_typed_field_for_each_config_key_showing_its_default(
        experimenter: Client) -> None:
    page = experimenter.get(FORM).content.decode()
    assert "Test: config keys of every type." in page
    assert 'type="number" name="config_rounds_hint" value="3"' in page
    assert re.search(r'type="number" name="config_share" value="0.5" step="any"', page)
    assert 'type="checkbox" name="config_shuffle"' in page and "checked" in page
    assert 'type="text" name="config_greeting" value="hello"' in page
    assert 'name="config_tags"' in page and "[&quot;a&quot;, &quot;b&quot;]" in page
    for default in ("default: 3", "default: 0.5", "default: True", "default: &#x27;hello&#x27;"):
        assert default in page
    assert 'name="num_participants" value="2"' in page  # the demo size
    assert 'name="is_test"' in page and 'name="label"' in page


@pytest.mark.parametrize("default, field", [
    (3, forms.IntegerField), (0.5, forms.FloatField), (Decimal("0.25"), forms.FloatField),
    (True, forms.BooleanField), ("x", forms.CharField), (["a"], forms.JSONField),
    (None, forms.JSONField)])
def test_a_config_field_follows_the_type_of_its_default(default: object,
                                                        field: type[forms.Field]) -> None:
    made = config_field("key", default)
    assert type(made) is field and made.initial == default


def test_creating_stores_the_changed_config_and_initializes(experimenter: Client) -> None:
    data = {**VALID, "label": "Tuesday 3 PM", "is_test": "on", "config_rounds_hint": "5",
            "config_share": "0.75", "config_shuffle": "", "config_greeting": "hi there",
            "config_tags": "[]"}
    response = experimenter.post(FORM, data)
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/sessions_core/session/{session.pk}/change/"
    assert (session.label, session.is_test, session.num_participants) == ("Tuesday 3 PM", True, 2)
    config = session.config
    assert (config["rounds_hint"], config["share"], config["shuffle"], config["greeting"],
            config["tags"]) == (5, 0.75, False, "hi there", [])
    assert session.initialized  # the task ran (in process, in the tests)
    page = experimenter.get(response["Location"]).content.decode()
    assert "Its initialization is queued" in page
    assert '<span id="initialization" data-url="' in page and ">Initialized</span>" in page


def test_unchanged_defaults_are_the_session_type_s(experimenter: Client) -> None:
    experimenter.post(FORM, VALID)
    config = Session.objects.get().config
    assert (config["rounds_hint"], config["share"], config["shuffle"]) == (3, 0.5, True)


@pytest.mark.parametrize("field, value, message", [
    ("config_rounds_hint", "three", "Enter a whole number."),
    ("config_share", "half", "Enter a number."),
    ("config_tags", "[not json", "Enter a valid JSON."),
    ("num_participants", "0", "greater than or equal to 1"),
])
def test_a_bad_value_is_refused_and_nothing_is_created(experimenter: Client, field: str,
                                                       value: str, message: str) -> None:
    response = experimenter.post(FORM, {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.exists()


def test_a_value_the_service_refuses_is_shown_on_its_field(experimenter: Client) -> None:
    response = experimenter.post(FORM, {**VALID, "config_tags": '{"a": 1}'})
    page = response.content.decode()
    assert re.search(r'errorlist.*config\.tags: must be a list', page, re.S)
    assert not Session.objects.exists()


def test_an_unknown_session_type_is_refused(experimenter: Client) -> None:
    response = experimenter.get(f"{CREATE}?session_type=nope")
    assert "Select a valid choice" in response.content.decode()
    assert "session-create-form" not in response.content.decode()


def test_when_the_worker_is_unreachable_the_session_is_still_created(
        experimenter: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.session_initialize_task, "delay", refuse)
    response = experimenter.post(FORM, VALID, follow=True)
    session = Session.objects.get()
    assert not session.initialized
    page = response.content.decode()
    assert "Its initialization could not be queued: the task worker (Redis) is unreachable" in page
    assert "It will happen on the first page load" in page
    assert "Not queued (the task worker was unreachable): the first page load initializes it" in page
