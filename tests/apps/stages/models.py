"""Test app: a group stage in groups of three (start together, end together, a group timer of
60 seconds, group_play), between two plain pages."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'stages'
    players_per_group = 3
    num_rounds = 1
    trade_seconds = 60


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    plays = models.IntegerField(initial=0)

    def open_trade(self):
        self.plays += 1


class Player(BasePlayer):
    answer = models.IntegerField(min=1, max=10)
    timed_out = models.BooleanField()
