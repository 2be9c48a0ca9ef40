from sessions_core.api import Bot, expect

from . import pages
from .models import Constants


class PlayerBot(Bot):
    cases = ['both_cooperate', 'one_defects']

    def play_round(self):
        cooperate = self.case == 'both_cooperate' or self.player.id_in_group == 1
        expect('quorum-chat', 'in', self.html)   # the pair's chat box is on the page
        yield pages.Decision, {'cooperate': cooperate}
        if self.case == 'both_cooperate':
            expect(self.player.payoff, Constants.both_cooperate)
        elif self.player.id_in_group == 1:
            expect(self.player.payoff, Constants.betrayed)
        else:
            expect(self.player.payoff, Constants.betrayer)
        yield pages.Results
