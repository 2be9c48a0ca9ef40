from sessions_core.api import Bot, SubmissionMustFail, expect

from . import pages
from .models import Constants, matching_of


class PlayerBot(Bot):
    def sent(self):
        return self.round_number * 2

    def play_round(self):
        self.check_matching()
        if self.player.role() == Constants.investor_role:
            if self.round_number == 1:
                yield SubmissionMustFail(pages.Invest, {'sent_amount': Constants.endowment + 1})
            yield pages.Invest, {'sent_amount': self.sent()}
        else:
            received = self.sent() * Constants.multiplier
            expect(self.group.sent_amount, self.sent())
            yield SubmissionMustFail(pages.Return, {'sent_back_amount': received + 1})
            yield pages.Return, {'sent_back_amount': self.sent()}

        expect(self.group.sent_back_amount, self.sent())
        if self.player.role() == Constants.investor_role:
            expect(self.player.payoff, Constants.endowment)
        else:
            expect(self.player.payoff, self.sent() * (Constants.multiplier - 1))
        yield pages.Results

    def check_matching(self):
        first = self.player.in_round(1)
        # Every participant keeps their role in both matchings.
        expect(self.player.role(), first.role())
        if matching_of(self.session) == 'partner':
            expect(self.player.partner().participant_id, first.partner().participant_id)
