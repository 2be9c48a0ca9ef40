"""Test app for real browsers: a page with a 2-second timer (the one place a test waits for a
real deadline), then a page that shows what the timeout stored."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'shorttimer'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    word = models.StringField(blank=True)
    number = models.IntegerField(min=1, max=9)
    timed_out = models.BooleanField()
