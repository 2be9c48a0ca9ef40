from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Offer(Page):
    form_model = 'group'
    form_fields = ['kept']

    def is_displayed(self):
        return self.player.role() == 'dictator'

    def vars_for_template(self):
        return dict(most=Constants.pie + Constants.recipient_endowment)

    def error_message(self, values):
        if values['kept'] % 10:
            return 'Please keep a multiple of 10.'


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    def vars_for_template(self):
        taken = self.group.kept - Constants.pie
        return dict(taken=taken if taken > 0 else c(0))


page_sequence = [Offer, ResultsWaitPage, Results]
