"""Labels: who a participant is outside Quorum (a lab cubicle, an online panel's id).

A label arrives typed into a room's welcome form or in a link's query string, where online
panels put their participant's id: `participant_label` (oTree's name), Prolific's
`PROLIFIC_PID` (with its `STUDY_ID` and `SESSION_ID`, kept in the participant's vars), and the
rooms' own `label`. Every label is checked the same way (label_problem).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

LABEL_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
# The query keys that carry a label, strongest first.
PANEL_LABEL_KEYS = ("participant_label", "PROLIFIC_PID")
PROLIFIC_KEYS = ("PROLIFIC_PID", "STUDY_ID", "SESSION_ID")
PROLIFIC_VARS_KEY = "prolific"  # participant.vars["prolific"] = {"PROLIFIC_PID": ..., ...}


def label_problem(label: str) -> str | None:
    """Why a label cannot be used, or None."""
    if not label:
        return "Please enter your access code."
    if len(label) > 128:
        return "An access code has at most 128 characters."
    if not LABEL_PATTERN.match(label):
        return "An access code uses only letters, digits, '-', '.' and '_'."
    return None


@dataclass(frozen=True)
class PanelIdentity:
    """What a link's query string says about who is coming.

    `vars` holds what goes into participant.vars (only keys that were given). `label_problem`
    and `vars_problem` say which value is unusable; with either, nothing may be recorded."""

    label: str | None = None
    vars: dict[str, dict[str, str]] = field(default_factory=dict)
    label_problem: str | None = None
    vars_problem: str | None = None

    @property
    def given(self) -> bool:
        return self.label is not None or bool(self.vars)

    @property
    def problem(self) -> str | None:
        return self.label_problem or self.vars_problem


def panel_identity(query: Mapping[str, str],
                   label_keys: Sequence[str] = PANEL_LABEL_KEYS) -> PanelIdentity:
    """Read the label (the first of label_keys given) and Prolific's ids from a query string."""
    label, problem = None, None
    for key in label_keys:
        value = (query.get(key) or "").strip()
        if value:
            label, problem = value, _problem_of(key, value)
            break
    prolific = {key: (query.get(key) or "").strip() for key in PROLIFIC_KEYS}
    prolific = {key: value for key, value in prolific.items() if value}
    vars_problem = next((p for key, value in prolific.items() if (p := _problem_of(key, value))),
                        None)
    return PanelIdentity(label=label, vars={PROLIFIC_VARS_KEY: prolific} if prolific else {},
                         label_problem=problem, vars_problem=vars_problem)


def _problem_of(key: str, value: str) -> str | None:
    problem = label_problem(value)
    return f"{key} in the link: {problem}" if problem else None
