from otree.api import (
    models,
    widgets,
    BaseConstants,
    BaseSubsession,
    BaseGroup,
    BasePlayer,
    Currency as c,
    currency_range,
)


author = 'Quorum test fixture'

doc = """
A short survey. The upper end of the satisfaction scale comes from the session config
(scale_max).
"""


class Constants(BaseConstants):
    name_in_url = 'survey'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    age = models.IntegerField(label='What is your age?', min=16, max=99)

    satisfaction = models.IntegerField(
        label='How satisfied are you with today\'s session?', min=1,
    )
