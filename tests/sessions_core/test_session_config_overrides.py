"""A session's config overrides are checked against its SessionType (session_create): only
the type's own free keys, and its pay, with a value of the default's type. A refusal names the
key and creates nothing."""
from __future__ import annotations

from typing import Any

import pytest

from participants.models import Participant
from sessions_core.errors import SessionError
from sessions_core.lifecycle.services import session_check_config
from sessions_core.models import Session
from tests.conftest import make_session


@pytest.mark.parametrize("default, good, bad", [
    (2, 3, [3.5, "3", True, None]),
    (1.5, 2, ["2", False, float("nan"), float("inf")]),
    (True, False, [0, "true"]),
    ("low", "high", [1, ["low"]]),
    ([1, 2], [3], [{"a": 1}, "1,2"]),
    ({"a": 1}, {"b": 2}, [[1], "a"]),
])
def test_a_value_must_have_the_defaults_type(monkeypatch: pytest.MonkeyPatch, default: Any,
                                             good: Any, bad: list[Any]) -> None:
    monkeypatch.setattr("sessions_core.experimenter.registry.session_type",
                        lambda name: _type_with(default))
    monkeypatch.setattr("sessions_core.lifecycle.services.session_type",
                        lambda name: _type_with(default))
    session_check_config(session_type_name="t", overrides={"key": good})
    for value in bad:
        with pytest.raises(SessionError, match=r"config\.key: must be") as refused:
            session_check_config(session_type_name="t", overrides={"key": value})
        assert refused.value.field == "config.key"


def _type_with(default: Any) -> Any:
    from sessions_core.experimenter.session_types import SessionType
    return SessionType(name="t", app_sequence=["trust"], key=default)


def test_a_default_of_none_takes_any_json_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sessions_core.lifecycle.services.session_type",
                        lambda name: _type_with(None))
    for value in (1, "x", [1], {"a": None}, None):
        session_check_config(session_type_name="t", overrides={"key": value})


def test_the_multiplier_of_public_goods_can_be_changed(db: None) -> None:
    assert make_session("public_goods", 3, config={"multiplier": 3}).config["multiplier"] == 3


@pytest.mark.parametrize("overrides, field", [
    ({"multiplyer": 3}, "config.multiplyer"),
    ({"name": "other"}, "config.name"),
    ({"app_sequence": ["trust"]}, "config.app_sequence"),
    ({"fixed_pay": 1.5}, "config.fixed_pay"),
    ({"fixed_pay": -1}, "config.fixed_pay"),
    ({"real_world_currency_per_point": "abc"}, "config.real_world_currency_per_point"),
    ({"real_world_currency_per_point": "-0.01"}, "config.real_world_currency_per_point"),
    ({"real_world_currency_per_point": "Infinity"}, "config.real_world_currency_per_point"),
    ({"real_world_currency_per_point": True}, "config.real_world_currency_per_point"),
])
def test_a_refused_override_names_the_key_and_creates_nothing(
        db: None, overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(SessionError) as refused:
        make_session("public_goods", 3, config=overrides)
    assert refused.value.field == field
    assert not Session.objects.exists() and not Participant.objects.exists()


def test_an_unknown_key_lists_the_keys_there_are(db: None) -> None:
    with pytest.raises(SessionError, match="it has: multiplier, fixed_pay, "
                                           "real_world_currency_per_point"):
        make_session("public_goods", 3, config={"multiplyer": 3})


def test_the_pay_can_be_changed_and_the_rate_is_kept_exact(db: None) -> None:
    session = make_session("trust", 2, config={"fixed_pay": 800,
                                               "real_world_currency_per_point": 0.1})
    assert session.config["fixed_pay"] == 800
    assert session.config["real_world_currency_per_point"] == "0.1"


def test_a_text_value_postgresql_cannot_store_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sessions_core.lifecycle.services.session_type",
                        lambda name: _type_with("low"))
    with pytest.raises(SessionError, match="U\\+0000") as refused:
        session_check_config(session_type_name="t", overrides={"key": "a\x00b"})
    assert refused.value.field == "config.key"
