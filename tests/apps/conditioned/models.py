"""Test app: pairs over two rounds; a pre-questionnaire answer, then a page that reads the
condition of the unit its SessionType names (config key "read"), for tests/conditions/."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'conditioned'
    players_per_group = 2
    num_rounds = 2


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    answer = models.StringField(blank=True)
