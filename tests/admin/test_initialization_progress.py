"""A session's initialization reports its progress as it runs, in the cache (not the database,
where nothing is visible before the commit), and the admin shows it through a small JSON view.
A first page load before the task ran still initializes, once, under the session's lock."""
from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from sessions_core.lifecycle import tasks
from sessions_core.lifecycle.progress import initialization_progress
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.conftest import make_session, participants_of, visit
from tests.e2e.servers import free_port
from tests.unreachable import warnings_of

ADMIN = "/admin/sessions_core/session/"


def progress_url(session: Session) -> str:
    return f"{ADMIN}{session.pk}/initialization/"


def test_progress_is_readable_while_the_initialization_runs(db: None) -> None:
    session = make_session("admincheck", 2)
    assert session_initialize(session=session)
    seen = Session.objects.get(pk=session.pk).vars["progress_seen"]
    # creating_session of rounds 1 and 2 read the report written inside the open transaction.
    assert [(s["state"], s["done"], s["total"]) for s in seen] == [("running", 1, 4),
                                                                   ("running", 2, 4)]
    assert seen[1]["detail"] == "admincheck: creating_session, round 1"
    assert initialization_progress(session.name)["state"] == "saving"


def test_the_admin_reports_initialized_from_the_database(experimenter: Client) -> None:
    session = make_session("admincheck", 2)
    assert experimenter.get(progress_url(session)).json() == {
        "initialized": False, "state": "not_started", "done": 0, "total": 0,
        "text": "Not initialized yet: the first page load, or the Initialize action, "
                "initializes it"}
    session_initialize(session=session)
    status = experimenter.get(progress_url(session)).json()
    assert status["initialized"] is True and status["text"] == "Initialized"


def test_a_failed_initialization_says_why_and_stores_nothing(experimenter: Client) -> None:
    session = make_session("admincheck", 2, config={"fail_in_creating_session": True})
    with pytest.raises(ValueError, match="on purpose"):
        session_initialize(session=session)
    status = experimenter.get(progress_url(session)).json()
    assert status["state"] == "failed" and not status["initialized"]
    assert status["text"].startswith("Failed: ValueError: creating_session failed on purpose.")
    assert not Session.objects.get(pk=session.pk).initialized


def test_a_queued_initialization_shows_queued_and_a_first_page_load_does_it_once(
        experimenter: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[int] = []
    monkeypatch.setattr(tasks.session_initialize_task, "delay", sent.append)  # worker is slow
    experimenter.post(f"{ADMIN}create/?session_type=admincheck", {
        "num_participants": "2", "config_rounds_hint": "3", "config_share": "0.5",
        "config_shuffle": "on", "config_greeting": "hello", "config_tags": '["a", "b"]'})
    session = Session.objects.get()
    assert sent == [session.pk]
    status = experimenter.get(progress_url(session)).json()
    assert (status["state"], status["text"]) == ("queued", "Queued: waiting for the task worker")
    change = experimenter.get(f"{ADMIN}{session.pk}/change/").content.decode()
    assert 'data-state="queued">Queued: waiting for the task worker</span>' in change
    assert "/static/quorum/admin_session.js" in change  # polls the JSON view

    visit(participants_of(session)[0])  # before the worker: the page load initializes
    assert experimenter.get(progress_url(session)).json()["initialized"] is True
    assert tasks.session_initialize_task.run(session.pk) is False  # the late task finds it done
    assert len(Session.objects.get(pk=session.pk).vars["progress_seen"]) == 2  # ran once


def test_the_initialize_action_marks_sessions_queued(experimenter: Client,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks.session_initialize_task, "delay", lambda session_id: None)
    session = make_session("trust", 2)
    experimenter.post(ADMIN, {"action": "initialize_sessions", "_selected_action": [session.pk]})
    assert experimenter.get(progress_url(session)).json()["state"] == "queued"


def test_without_a_reachable_cache_the_initialization_still_runs(
        db: None, settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    session = make_session("public_goods", 3)
    caplog.clear()
    assert session_initialize(session=session)
    assert Session.objects.get(pk=session.pk).initialized
    lines = warnings_of(caplog)
    assert len(lines) == 1 and "initialization progress of session" in lines[0], lines


def test_progress_of_an_unknown_session_is_not_found(experimenter: Client) -> None:
    assert experimenter.get(f"{ADMIN}999999/initialization/").status_code == 404
