"""Test app: the last app of the flowcheck session type."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession


class Constants(BaseConstants):
    name_in_url = 'flowend'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    pass
