"""The experimenter's API: `from sessions_core.api import ...` replaces `from otree.api import`
and `from ._builtin import` in apps written for oTree 3, and `from sessions_core.api import *`
replaces `from otree.api import *` in apps in oTree 5's one-file format. Only names for
experiment apps live here; what they are is defined in sessions_core/experimenter/. What
`import *` gives is exactly the list at the end: the names docs/experiments.md lists."""
from types import SimpleNamespace

from sessions_core.conditions.balance import condition_counts
from sessions_core.conditions.trials import trial_list
from sessions_core.experimenter import fields as _fields
from sessions_core.experimenter import widgets
from sessions_core.experimenter.bots import Bot, Submission, SubmissionMustFail, expect
from sessions_core.experimenter.constants import BaseConstants
from sessions_core.experimenter.currency import Currency, currency_range
from sessions_core.experimenter.pages import Page, WaitPage
from sessions_core.models import BaseGroup, BasePlayer, BaseSubsession, ExtraModel

c = Currency
cu = Currency  # oTree 5's name (c is oTree 3's and early oTree 5's)

models = SimpleNamespace(
    CurrencyField=_fields.CurrencyField,
    IntegerField=_fields.IntegerField,
    FloatField=_fields.FloatField,
    BooleanField=_fields.BooleanField,
    StringField=_fields.StringField,
    LongStringField=_fields.LongStringField,
    Link=_fields.Link,
)

__all__ = [
    "BaseConstants", "BaseGroup", "BasePlayer", "BaseSubsession", "Bot", "Currency",
    "ExtraModel", "Page",
    "Submission", "SubmissionMustFail", "WaitPage", "c", "condition_counts", "cu",
    "currency_range", "expect", "models", "trial_list", "widgets",
]
