"""Test app: four wait pages in a row, so that bots pass some of them without submitting."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'waitchain'
    players_per_group = 2
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    passed = models.IntegerField(initial=0)

    def count(self):
        self.passed += 1


class Player(BasePlayer):
    pass
