"""The admin's "create a session" forms: first the SessionType, then its settings.

The second form has one field per free config key of the chosen SessionType, typed after the
key's default (whole number, number, yes/no, text; JSON for anything else) and filled with it.
Choosing another SessionType reloads the page (a GET form), so the form works without
JavaScript.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from sessions_core.experimenter.registry import session_types
from sessions_core.experimenter.session_types import SessionType
from sessions_core.lifecycle.services import MAX_PARTICIPANTS, session_demo_size

CONFIG_PREFIX = "config_"


def session_type_choices() -> list[tuple[str, str]]:
    return [(st.name, f"{st.display_name} ({st.name})") for st in session_types()]


class SessionTypeChoiceForm(forms.Form):
    """Step 1 (a GET form): which SessionType."""

    session_type = forms.ChoiceField(
        choices=lambda: [("", "choose a SessionType")] + session_type_choices(),
        label="SessionType")


class SessionCreateForm(forms.Form):
    """Step 2: size, label, test flag and the config keys of the SessionType chosen in step 1
    (posted to the same address, whose query string names it)."""

    num_participants = forms.IntegerField(min_value=1, max_value=MAX_PARTICIPANTS,
                                          label="Number of participants")
    label = forms.CharField(max_length=200, required=False,
                            help_text="for you: shown in the session list")
    is_test = forms.BooleanField(required=False, label="Test session",
                                 help_text="left out of the default session list")

    def __init__(self, *args: Any, session_type: SessionType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chosen = session_type
        self.fields["num_participants"].initial = session_demo_size(
            session_type_name=session_type.name)
        for key, default in session_type.config.items():
            self.fields[CONFIG_PREFIX + key] = config_field(key, default)

    def session_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(CONFIG_PREFIX)]

    def config_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(CONFIG_PREFIX)]

    def config_overrides(self) -> dict[str, Any]:
        """The config keys whose value differs from the SessionType's default."""
        return {key: self.cleaned_data[CONFIG_PREFIX + key]
                for key, default in self.chosen.config.items()
                if not _is_default(self.cleaned_data[CONFIG_PREFIX + key], default)}


def _is_default(value: Any, default: Any) -> bool:
    if isinstance(default, Decimal) and isinstance(value, float):
        return Decimal(str(value)) == default  # a number field gives the Decimal back as a float
    return type(value) is type(default) and value == default


def config_field(key: str, default: Any) -> forms.Field:
    """A form field for one config key, typed after its default."""
    options: dict[str, Any] = {"label": key, "initial": default,
                               "help_text": f"default: {_shown(default)}"}
    if isinstance(default, bool):
        return forms.BooleanField(required=False, **options)
    if isinstance(default, int):
        return forms.IntegerField(**options)
    if isinstance(default, (float, Decimal)):
        return forms.FloatField(widget=forms.NumberInput(attrs={"step": "any"}), **options)
    if isinstance(default, str):
        return forms.CharField(required=False, strip=False, **options)
    return forms.JSONField(required=False, **options)


def _shown(default: Any) -> str:
    return str(default) if isinstance(default, Decimal) else repr(default)
