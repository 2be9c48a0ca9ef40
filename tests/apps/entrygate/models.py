"""Test app: one page behind a SessionType's entry rules (participants/eligibility.py)."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession


class Constants(BaseConstants):
    name_in_url = 'entrygate'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    pass
