"""Model fields for experiment apps: `models.IntegerField(min=..., max=..., choices=...)` and kin.

Each field keeps the oTree options (min, max, choices, label, doc, initial, blank, widget) for the
page form; in the database every field is nullable, so a field not yet set reads as None.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from sessions_core.db import idmap
from sessions_core.experimenter.currency import Currency


def normalize_choices(choices: Any) -> list[tuple[Any, str]] | None:
    """Accept a list of values or of (value, label) pairs; return (value, label) pairs."""
    if choices is None:
        return None
    pairs = []
    for item in choices:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((item[0], str(item[1])))
        else:
            pairs.append((item, str(item)))  # Currency labels read "40 points"
    return pairs


class ExperimentField:
    """Mixin holding the form options of one experiment field."""

    form_kind = "text"

    def __init__(self, *args: Any, min: Any = None, max: Any = None, choices: Any = None,
                 label: str | None = None, doc: str = "", initial: Any = None,
                 blank: bool = False, widget: Any = None, **kwargs: Any) -> None:
        self.min_value = min
        self.max_value = max
        self.form_choices = normalize_choices(choices)
        self.form_label = label
        self.doc = doc
        self.form_blank = blank
        self.form_widget = widget
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        if initial is not None:
            kwargs.setdefault("default", initial)
        super().__init__(*args, **kwargs)


class IntegerField(ExperimentField, models.IntegerField):
    form_kind = "integer"


class FloatField(ExperimentField, models.FloatField):
    form_kind = "float"


class BooleanField(ExperimentField, models.BooleanField):
    form_kind = "boolean"


class StringField(ExperimentField, models.TextField):
    form_kind = "string"


class LongStringField(ExperimentField, models.TextField):
    form_kind = "longstring"


class CurrencyAttribute(DeferredAttribute):
    """Whatever number is assigned (`player.payoff = 10`) reads back as Currency."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = None if value is None else Currency(value)


class CurrencyField(ExperimentField, models.DecimalField):
    form_kind = "currency"
    descriptor_class = CurrencyAttribute

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 24)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Currency | None:
        return None if value is None else Currency(value)

    def get_prep_value(self, value: Any) -> Decimal | None:
        # The database drivers know Decimal, not our subclass of it.
        value = super().get_prep_value(value)
        return None if value is None else Decimal(value)


def Link(to: Any, **kwargs: Any) -> models.ForeignKey:  # noqa: N802  (oTree's name)
    """An ExtraModel's link to a Player, Group or Subsession of its app (`models.Link(Player)`):
    `offer.player` reads the linked object (the unit of work's own instance of it).

    Experiment tables keep no database constraints between them (their tables are created by
    `migrate --run-syncdb` in any order; sessions_core/models.py); a link may be empty, and its
    rows are deleted with the session (lifecycle/services.py:session_delete), never by a cascade.
    """
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return idmap.MappedForeignKey(to, on_delete=models.DO_NOTHING, db_constraint=False,
                                  related_name="+", **kwargs)
