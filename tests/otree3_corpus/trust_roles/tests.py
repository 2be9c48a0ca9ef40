from otree.api import Currency as c, currency_range, Bot, SubmissionMustFail, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        if self.player.role() == Constants.investor_role:
            # 35 is not one of the choices (steps of 10).
            yield SubmissionMustFail(pages.Send, {'sent_amount': c(35)})
            yield pages.Send, {'sent_amount': c(30)}
        else:
            expect('you received 90 points', 'in', self.html)
            # At most the tripled amount can be sent back (Group.sent_back_amount_max).
            yield SubmissionMustFail(pages.SendBack, {'sent_back_amount': c(91)})
            yield pages.SendBack, {'sent_back_amount': c(40)}
        investor = self.group.get_player_by_role(Constants.investor_role)
        trustee = self.group.get_player_by_role(Constants.trustee_role)
        expect(investor.payoff, c(110))
        expect(trustee.payoff, c(50))
        expect('You are the {}'.format(self.player.role()), 'in', self.html)
        yield pages.Results
