from otree.api import Currency as c, currency_range, Bot, SubmissionMustFail, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        if self.player.role() == 'dictator':
            yield SubmissionMustFail(pages.Offer, {'kept': c(121)})
            yield SubmissionMustFail(pages.Offer, {'kept': c(105)})
            yield pages.Offer, {'kept': c(110)}
        expect(self.group.kept, c(110))
        expect(self.player.payoff, c(110) if self.player.role() == 'dictator' else c(10))
        expect('took 10 points', 'in', self.html)
        yield pages.Results
