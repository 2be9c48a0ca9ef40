from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Demographics(Page):
    form_model = 'player'
    form_fields = ['age', 'year_of_birth', 'country', 'favourite_colour']

    # Rules on the page.
    def age_max(self):
        return 120

    def country_choices(self):
        return Constants.countries

    def age_error_message(self, value):
        if value == 99:
            return 'Please enter your real age.'

    def before_next_page(self):
        born_by_age = Constants.survey_year - self.player.age
        self.player.consistent = abs(born_by_age - self.player.year_of_birth) <= 1
        self.participant.vars['age'] = self.player.age


class Habits(Page):
    form_model = 'player'
    form_fields = ['hours_online', 'hours_gaming', 'owns_pet']

    def hours_online_min(self):
        return 0

    def hours_online_max(self):
        return 24

    def error_message(self, values):
        if values['hours_gaming'] > values['hours_online']:
            return 'You cannot play online games for longer than you are online.'


class Pet(Page):
    form_model = 'player'
    form_fields = ['pet_name']

    def is_displayed(self):
        return self.player.owns_pet

    def pet_name_error_message(self, value):
        if not value[:1].isupper():
            return 'Names start with a capital letter.'


class ThankYou(Page):
    def vars_for_template(self):
        return dict(age=self.participant.vars['age'])


page_sequence = [Demographics, Habits, Pet, ThankYou]
