"""A SessionType's entry rules (participants/eligibility.py) are checked at start-up, each bad
value stopping it with one message that names the file, the SessionType and the fix."""
from __future__ import annotations

from typing import Any

import pytest

from sessions_core.experimenter.session_types import (
    SessionType,
    SessionTypeError,
    validate_session_types,
)

SOURCE = "experiments/sessions.py"
APPS = {"questionnaire"}


def problem_with(*types: SessionType) -> str:
    with pytest.raises(SessionTypeError) as error:
        validate_session_types(list(types), source=SOURCE, known_apps=APPS)
    return str(error.value).removeprefix(f"{SOURCE}: SessionType 'lab': ")


def lab(name: str = "lab", **rules: Any) -> SessionType:
    return SessionType(name=name, app_sequence=["questionnaire"], **rules)


def test_valid_rules_are_kept_as_given() -> None:
    found = validate_session_types(
        [lab("pilot"), lab(max_sessions=20, allowed_platforms=["mobile", "tablet"],
                           exclude_prior=True, exclude_prior_from=["pilot"],
                           blocked_labels=["abc"])], source=SOURCE, known_apps=APPS)
    st = found["lab"]
    assert (st.max_sessions, st.allowed_platforms, st.exclude_prior, st.exclude_prior_from,
            st.blocked_labels) == (20, ["mobile", "tablet"], True, ["pilot"], ["abc"])
    pilot = found["pilot"]
    assert (pilot.max_sessions, pilot.allowed_platforms, pilot.exclude_prior,
            pilot.exclude_prior_from, pilot.blocked_labels) == (None, None, False, [], None)


def test_the_rules_are_not_config_keys() -> None:
    st = lab(max_sessions=3, blocked_labels=["x"])
    assert "max_sessions" not in st.config and "max_sessions" not in st.session_config()


@pytest.mark.parametrize(("rules", "message"), [
    ({"max_sessions": 0}, "max_sessions must be a whole number >= 1 (or None: no cap), not 0"),
    ({"max_sessions": "10"}, "max_sessions must be a whole number >= 1 (or None: no cap), "
                             "not '10'"),
    ({"max_sessions": True}, "max_sessions must be a whole number >= 1 (or None: no cap), "
                             "not True"),
    ({"allowed_platforms": "mobile"}, "allowed_platforms must be a non-empty list of "
                                      "'desktop', 'mobile', 'tablet' (or None: every "
                                      "platform), not 'mobile'"),
    ({"allowed_platforms": []}, "allowed_platforms must be a non-empty list of 'desktop', "
                                "'mobile', 'tablet' (or None: every platform), not []"),
    ({"allowed_platforms": ["phone"]}, "allowed_platforms holds 'phone'; the platforms are "
                                       "'desktop', 'mobile', 'tablet'"),
    ({"allowed_platforms": ["mobile", "mobile"]}, "allowed_platforms lists a platform twice"),
    ({"exclude_prior": "yes"}, "exclude_prior must be True or False, not 'yes'"),
    ({"exclude_prior_from": "pilot"}, "exclude_prior_from must be a list of SessionType "
                                      "names, not 'pilot'"),
    ({"exclude_prior_from": ["lab"]}, "exclude_prior_from names this SessionType itself; "
                                      "write exclude_prior=True for it"),
    ({"blocked_labels": "abc"}, "blocked_labels must be a list of labels (or None), not 'abc'"),
    ({"blocked_labels": [""]}, "blocked_labels holds ''; a label is text of 1 to 128 "
                               "characters"),
    ({"blocked_labels": [42]}, "blocked_labels holds 42; a label is text of 1 to 128 "
                               "characters"),
])
def test_bad_rules(rules: dict[str, Any], message: str) -> None:
    assert problem_with(lab(**rules)) == message


def test_exclude_prior_from_names_an_existing_session_type() -> None:
    assert problem_with(lab(exclude_prior_from=["piolt"]), lab("pilot")) == (
        "exclude_prior_from names 'piolt', which is not a SessionType (SessionTypes: lab, "
        "pilot)")
