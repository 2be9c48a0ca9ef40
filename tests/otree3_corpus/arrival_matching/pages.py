from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Welcome(Page):
    pass


class PairingWaitPage(WaitPage):
    group_by_arrival_time = True
    body_text = 'Waiting for another participant to arrive.'


class Choose(Page):
    form_model = 'player'
    form_fields = ['side']


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    def vars_for_template(self):
        return dict(partner=self.player.get_others_in_group()[0])


page_sequence = [Welcome, PairingWaitPage, Choose, ResultsWaitPage, Results]
