"""The experimenter's API: `from sessions_core.api import ...` replaces `from otree.api import`
and `from ._builtin import` in apps written for oTree 3."""
from types import SimpleNamespace

from sessions_core import fields as _fields
from sessions_core import widgets
from sessions_core.bots import Bot, Submission, SubmissionMustFail, expect
from sessions_core.currency import Currency, currency_range
from sessions_core.models import BaseGroup, BasePlayer, BaseSubsession
from sessions_core.pages import Page, WaitPage

c = Currency


class BaseConstants:
    name_in_url: str | None = None
    players_per_group: int | None = None
    num_rounds: int = 1


models = SimpleNamespace(
    CurrencyField=_fields.CurrencyField,
    IntegerField=_fields.IntegerField,
    FloatField=_fields.FloatField,
    BooleanField=_fields.BooleanField,
    StringField=_fields.StringField,
    LongStringField=_fields.LongStringField,
)

__all__ = [
    "BaseConstants", "BaseGroup", "BasePlayer", "BaseSubsession", "Bot", "Currency", "Page",
    "Submission", "SubmissionMustFail", "WaitPage", "c", "currency_range", "expect", "models",
    "widgets",
]
