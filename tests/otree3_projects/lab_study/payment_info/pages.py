from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class PaymentInfo(Page):
    def vars_for_template(self):
        return dict(payment=self.participant.payoff_plus_participation_fee())


page_sequence = [PaymentInfo]
