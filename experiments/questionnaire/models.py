"""Closing questionnaire: demographics, one cognitive reflection item and free comments."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models, widgets

doc = """
A short questionnaire for the end of a session: age, gender, education, one cognitive
reflection question and comments. Everyone answers alone; the last page shows the total payoff.
"""


class Constants(BaseConstants):
    name_in_url = 'questionnaire'
    players_per_group = None
    num_rounds = 1

    # The bat-and-ball question: the bat and the ball together cost this much.
    crt_total = 22
    crt_correct_answer = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    age = models.IntegerField(min=13, max=125, label='What is your age?')
    gender = models.StringField(
        choices=['Male', 'Female', 'Other', 'Prefer not to say'],
        widget=widgets.RadioSelect,
        label='What is your gender?',
    )
    education_years = models.IntegerField(
        min=0, max=40, label='How many years of formal education have you completed?',
    )
    crt = models.IntegerField(
        min=0,
        label='A bat and a ball cost 22 dollars in total. The bat costs 20 dollars more '
              'than the ball. How many dollars does the ball cost?',
    )
    comments = models.LongStringField(
        blank=True, label='Do you have any comments about this study? (optional)',
    )

    def crt_is_correct(self):
        return self.crt == Constants.crt_correct_answer
