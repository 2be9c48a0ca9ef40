"""Test app: what app_after_this_page in flowcheck skips for odd participants."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession


class Constants(BaseConstants):
    name_in_url = 'flowskip'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    pass
