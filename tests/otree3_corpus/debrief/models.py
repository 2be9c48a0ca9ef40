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

author = 'Quorum test corpus'

doc = """
The last app of a session: a summary of the earnings over all apps, a feedback question and a
thank-you page.
"""


class Constants(BaseConstants):
    name_in_url = 'debrief'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    feedback = models.LongStringField(label='Anything you would like to tell us?')
    clarity = models.IntegerField(
        choices=[[1, 'Unclear'], [2, 'Mostly clear'], [3, 'Very clear']],
        widget=widgets.RadioSelect,
        label='How clear were the instructions?',
    )
