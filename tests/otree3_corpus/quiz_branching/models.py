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
A comprehension quiz before the main task. Whoever fails it skips the task and goes straight to
the last app of the session.
"""


class Constants(BaseConstants):
    name_in_url = 'quiz'
    players_per_group = None
    num_rounds = 1

    question = 'A lottery pays 70 or 20 points with equal chances. What does it pay on average?'
    correct_answer = 45


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    answer = models.IntegerField(min=0, max=200, label=Constants.question)
    passed = models.BooleanField()
