"""min_participants and quorum_timeout_seconds on a SessionType: checked at start-up, each
problem with a clear message (a quorum must start whole groups of the apps)."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from sessions_core.experimenter import registry
from sessions_core.experimenter.registry import quorum_group_size
from sessions_core.experimenter.session_types import (
    SessionType,
    SessionTypeError,
    quorum_group_problem,
    validate_session_types,
)

APPS = {"trust", "questionnaire"}


def problem_with(**kwargs: Any) -> str:
    kwargs.setdefault("app_sequence", ["trust"])
    with pytest.raises(SessionTypeError) as error:
        validate_session_types([SessionType(name="lab", **kwargs)], source="s.py",
                               known_apps=APPS)
    return str(error.value).removeprefix("s.py: SessionType 'lab': ")


@pytest.mark.parametrize("value", [0, -2, 2.5, "3", True])
def test_min_participants_must_be_a_whole_number_of_at_least_1(value: Any) -> None:
    assert problem_with(min_participants=value) == (
        f"min_participants must be a whole number >= 1 (or None: no quorum), not {value!r}")


@pytest.mark.parametrize("value", [0, -1, float("inf"), float("nan"), "60", True])
def test_the_quorum_timeout_must_be_seconds_above_0(value: Any) -> None:
    assert problem_with(min_participants=2, quorum_timeout_seconds=value) == (
        f"quorum_timeout_seconds must be a number of seconds above 0 (or None: no limit), "
        f"not {value!r}")


def test_a_quorum_timeout_needs_a_quorum() -> None:
    assert problem_with(quorum_timeout_seconds=60) == (
        "quorum_timeout_seconds needs min_participants (the quorum it waits for)")


def test_a_demo_smaller_than_the_quorum_is_refused() -> None:
    assert problem_with(min_participants=4, num_demo_participants=2) == (
        "num_demo_participants (2) is smaller than min_participants (4): a demo session could "
        "never start")


def test_the_quorum_is_an_argument_not_a_config_key() -> None:
    st = SessionType(name="lab", app_sequence=["trust"], min_participants=4,
                     quorum_timeout_seconds=90)
    assert (st.min_participants, st.quorum_timeout_seconds) == (4, 90)
    assert "min_participants" not in st.session_config()


@pytest.mark.django_db
def test_a_quorum_must_start_whole_groups() -> None:
    assert quorum_group_size(["trust", "questionnaire"]) == 2  # groups of 2, and everyone
    assert quorum_group_size(["public_goods", "trust"]) == 6
    assert quorum_group_size(["arrival_lobby"]) == 1  # groups form by arrival time
    assert quorum_group_problem(4, 2, "app 'trust'") is None
    assert quorum_group_problem(1, 2, "app 'trust'") is None  # 1: no lobby at all
    assert quorum_group_problem(3, 2, "app 'trust'") == (
        "min_participants=3 does not start whole groups: app 'trust' forms groups of 2, so the "
        "quorum must be a multiple of 2")


def test_start_up_refuses_a_quorum_that_splits_a_group(tmp_path: Any, monkeypatch: Any) -> None:
    module = tmp_path / "quorum_bad_sessions.py"
    module.write_text("from sessions_core.experimenter.session_types import SessionType\n"
                      "SESSION_TYPES = [SessionType(name='pg', app_sequence=['public_goods'], "
                      "min_participants=4)]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    saved = dict(registry._session_types)
    try:
        with override_settings(SESSION_TYPES_MODULE="quorum_bad_sessions"), \
                pytest.raises(ImproperlyConfigured) as error:
            registry.load()
    finally:
        registry.load()
    assert str(error.value) == (
        "quorum_bad_sessions: SessionType 'pg': min_participants=4 does not start whole groups: "
        "app 'public_goods' forms groups of 3, so the quorum must be a multiple of 3")
    assert registry._session_types == saved or set(registry._session_types) == set(saved)
