"""Test app: <field>_min/_max/_choices/_error_message defined on the models, as oTree 3 allows."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'modelrules'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    price = models.IntegerField()

    def price_max(self):
        return 100

    def price_error_message(self, value):
        if value % 5:
            return 'Prices go in steps of 5.'


class Player(BasePlayer):
    guess = models.IntegerField()
    colour = models.StringField()
    word = models.StringField()
    capped = models.IntegerField()

    def guess_min(self):
        return self.participant.id_in_session

    def guess_max(self):
        return self.participant.id_in_session + 10

    def colour_choices(self):
        return ['red', 'green'] if self.participant.id_in_session == 1 else ['blue']

    def word_error_message(self, value):
        if value != value.lower():
            return 'Lower case only.'

    def capped_max(self):
        return 1000  # the page's capped_max wins
