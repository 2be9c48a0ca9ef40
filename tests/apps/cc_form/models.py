"""One form page, then two plain pages: a repeated post must move the participant one page."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'cc_form'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    choice = models.IntegerField(min=0, max=100, label='Pick a number')
