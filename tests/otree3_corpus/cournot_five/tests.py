from otree.api import Currency as c, currency_range, Bot, SubmissionMustFail, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        # Firm i produces i units in round 1 (15 in all: price 45) and 2i in round 2 (price 30).
        units = self.player.id_in_group * self.round_number
        yield SubmissionMustFail(pages.Produce, {'units': Constants.max_units + 1})
        yield pages.Produce, {'units': units}
        price = {1: 45, 2: 30}[self.round_number]
        expect(self.group.total_units, 15 * self.round_number)
        expect(self.group.unit_price, c(price))
        expect(self.player.payoff, c(price * units))
        expect(self.session.vars['market_prices'], [[45], [30]][:self.round_number])
        expect('The price was {}'.format(c(price)), 'in', self.html)
        yield pages.Results
