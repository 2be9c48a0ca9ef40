from sessions_core.api import Bot, SubmissionMustFail, expect
from sessions_core.api import Currency as c

from . import pages
from .models import Constants


class PlayerBot(Bot):
    cases = ['accept', 'reject']
    offer = c(40)

    def play_round(self):
        if self.player.role() == 'Proposer':
            # Offers must be one of the listed multiples of offer_step.
            yield SubmissionMustFail(pages.Offer, {'offer': c(35)})
            yield SubmissionMustFail(pages.Offer, {'offer': Constants.pie + Constants.offer_step})
            yield pages.Offer, {'offer': self.offer}
        else:
            expect(self.group.offer, self.offer)
            yield SubmissionMustFail(pages.Respond, {})
            yield pages.Respond, {'accepted': self.case == 'accept'}

        expect(self.group.accepted, self.case == 'accept')
        expect(self.player.payoff, self.expected_payoff())
        yield pages.Results

    def expected_payoff(self):
        if self.case == 'reject':
            return c(0)
        if self.player.role() == 'Proposer':
            return Constants.pie - self.offer
        return self.offer
