"""Test app for dropouts: pairs choose a number, wait for each other and see the sum. No page
has a timer and no hook: a dropout's pages time out by default (engine/dropouts.py)."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'dropouts'
    players_per_group = 2
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    total = models.IntegerField()

    def set_payoffs(self):
        self.total = sum(p.number or 0 for p in self.get_players())
        for p in self.get_players():
            p.payoff = self.total


class Player(BasePlayer):
    number = models.IntegerField(min=1, max=9)
    timed_out = models.BooleanField()
