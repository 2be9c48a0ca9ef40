"""Test app with a 65-character name: its tables, indexes and constraints must still be made."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'long_name'
    players_per_group = 2
    num_rounds = 2


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    total = models.IntegerField()

    def set_payoffs(self):
        self.total = sum(p.amount for p in self.get_players())
        for player in self.get_players():
            player.payoff = self.total - player.amount


class Player(BasePlayer):
    amount = models.IntegerField(min=0, max=10)
