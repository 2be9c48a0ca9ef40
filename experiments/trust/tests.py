from sessions_core.api import Bot, SubmissionMustFail, expect
from sessions_core.api import Currency as c

from . import pages
from .models import Constants


class PlayerBot(Bot):
    # full_trust: A sends everything and B splits the tripled amount equally.
    # no_trust: A sends nothing, so B has nothing to return.
    cases = ['full_trust', 'no_trust']

    def sent(self):
        return Constants.endowment if self.case == 'full_trust' else c(0)

    def sent_back(self):
        return self.sent() * Constants.multiplier / 2

    def play_round(self):
        if self.player.id_in_group == 1:
            yield SubmissionMustFail(pages.Send, {'sent_amount': Constants.endowment + 1})
            yield SubmissionMustFail(pages.Send, {'sent_amount': -1})
            yield pages.Send, {'sent_amount': self.sent()}
        else:
            expect(self.group.sent_amount, self.sent())
            tripled = self.sent() * Constants.multiplier
            yield SubmissionMustFail(pages.SendBack, {'sent_back_amount': tripled + 1})
            yield pages.SendBack, {'sent_back_amount': self.sent_back()}

        expect(self.player.payoff, self.expected_payoff())
        expect(str(self.player.payoff), 'in', self.html)
        yield pages.Results

    def expected_payoff(self):
        if self.player.id_in_group == 1:
            return Constants.endowment - self.sent() + self.sent_back()
        return self.sent() * Constants.multiplier - self.sent_back()
