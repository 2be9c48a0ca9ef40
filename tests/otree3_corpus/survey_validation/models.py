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
A background survey whose answers are checked as they are given: rules on the page and on the
Player model, and a follow-up question shown only to pet owners.
"""


class Constants(BaseConstants):
    name_in_url = 'survey'
    players_per_group = None
    num_rounds = 1

    survey_year = 2024
    countries = ['Austria', 'Germany', 'Switzerland', 'Other']
    colours = ['red', 'green', 'blue']


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    age = models.IntegerField(label='How old are you?')
    year_of_birth = models.IntegerField(label='In which year were you born?')
    country = models.StringField(label='Where do you live?')
    favourite_colour = models.StringField(label='Your favourite colour')
    hours_online = models.IntegerField(label='Hours a day online')
    hours_gaming = models.IntegerField(label='Hours a day playing games')
    owns_pet = models.BooleanField(
        label='Do you have a pet?', widget=widgets.RadioSelectHorizontal
    )
    pet_name = models.StringField(label="Your pet's name")
    consistent = models.BooleanField()

    # Rules on the model: oTree 3 looks for them here after the page.
    def age_min(self):
        return 16

    def favourite_colour_choices(self):
        return Constants.colours

    def year_of_birth_error_message(self, value):
        if not 1900 <= value <= Constants.survey_year:
            return 'Please enter a year between 1900 and {}.'.format(Constants.survey_year)

    def hours_gaming_max(self):
        return 24
