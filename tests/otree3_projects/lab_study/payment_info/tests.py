from otree.api import Currency as c, currency_range, expect
from . import pages
from ._builtin import Bot
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        expect(str(self.participant.payoff_plus_participation_fee()), 'in', self.html)
        yield pages.PaymentInfo
