from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Quiz(Page):
    form_model = 'player'
    form_fields = ['answer']

    def before_next_page(self):
        self.player.passed = self.player.answer == Constants.correct_answer
        self.participant.vars['passed_quiz'] = self.player.passed

    def app_after_this_page(self, upcoming_apps):
        if not self.player.passed:
            return upcoming_apps[-1]


class QuizPassed(Page):
    pass


page_sequence = [Quiz, QuizPassed]
