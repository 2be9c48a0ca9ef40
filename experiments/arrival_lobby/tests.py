from sessions_core.api import Bot, SubmissionMustFail, expect
from sessions_core.api import Currency as c

from . import pages
from .models import Constants


class PlayerBot(Bot):
    def guess(self):
        # 10, 20, 30 in each group: two thirds of the average is 13.33, so 10 wins.
        return self.player.id_in_group * 10

    def play_round(self):
        expect(len(self.group.get_players()), Constants.players_per_group)
        yield SubmissionMustFail(pages.Guess, {'guess': 101})
        yield pages.Guess, {'guess': self.guess()}
        expect(self.group.best_guess, 10)
        expect(self.player.payoff, Constants.prize if self.guess() == 10 else c(0))
        expect('Two thirds of the average', 'in', self.html)
        yield pages.Results
