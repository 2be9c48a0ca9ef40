"""Test app: an arrival-time lobby (groups of 4) with a lobby timeout, after a page that pays."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'lobby'
    players_per_group = 4
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    formed = models.IntegerField(initial=0)


class Player(BasePlayer):
    pass
