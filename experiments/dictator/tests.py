from sessions_core.api import Bot, SubmissionMustFail, expect
from sessions_core.api import Currency as c

from . import pages
from .models import Constants


class PlayerBot(Bot):
    cases = ['selfish', 'generous']

    def kept(self):
        return Constants.endowment if self.case == 'selfish' else c(30)

    def play_round(self):
        if self.player.id_in_group == 1:
            yield SubmissionMustFail(pages.Offer, {'kept': Constants.endowment + 1})
            yield pages.Offer, {'kept': self.kept()}
            expect(self.player.payoff, self.kept())
        else:
            # Player 2 makes no choice: the first page they see is the result.
            expect(self.player.payoff, Constants.endowment - self.kept())
        expect(self.group.kept, self.kept())
        yield pages.Results
