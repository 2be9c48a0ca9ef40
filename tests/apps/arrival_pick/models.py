"""Test app: pairs chosen by get_players_for_group (config "pick": how it chooses)."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'arrival_pick'
    players_per_group = 2
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    formed = models.IntegerField(initial=0)


class Player(BasePlayer):
    pass
