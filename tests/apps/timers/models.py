"""Test app: page timers (timeout_seconds, get_timeout_seconds from a participant.vars expiry,
timeout_submission, each field type's neutral value) across a wait page, in pairs."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'timers'
    players_per_group = 2
    num_rounds = 1
    task_seconds = 100


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    number = models.IntegerField(min=1, max=10)
    flag = models.BooleanField()
    note = models.StringField(blank=True)
    amount = models.CurrencyField(min=1)
    share = models.FloatField(min=0.5)
    remark = models.LongStringField()
    level = models.IntegerField(initial=3, min=1, max=5)
    choose_timed_out = models.BooleanField()
    task1_timed_out = models.BooleanField()
    task2_timed_out = models.BooleanField()
    last_timed_out = models.BooleanField()
    submissions = models.IntegerField(initial=0)
