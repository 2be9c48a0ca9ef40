"""Test app: the session ends with a wait page for everyone and nothing after it.

A participant who passes it finishes at the wait page's own position (app 0, round 1, page 0):
only the status tells the waiting page that it should move on.
"""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession


class Constants(BaseConstants):
    name_in_url = 'lastwait'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    pass
