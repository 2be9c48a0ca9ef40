from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Decision(Page):
    form_model = 'player'
    form_fields = ['cooperate']


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    def vars_for_template(self):
        me = self.player
        return dict(
            partner=me.partner(),
            same_partner=me.round_number in (2, 4),
            total=sum(p.payoff for p in me.in_all_rounds()),
        )


page_sequence = [Decision, ResultsWaitPage, Results]
