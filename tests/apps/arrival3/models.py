"""Test app: groups of 3 formed by arrival time at the first wait page."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'arrival3'
    players_per_group = 3
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    formed = models.IntegerField(initial=0)


class Player(BasePlayer):
    pass
