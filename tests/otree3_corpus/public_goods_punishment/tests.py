from otree.api import Currency as c, currency_range, Bot, SubmissionMustFail, expect
from . import pages
from .models import Constants


# In round 1 players 1-3 of each group give 4, 10 and 16; in round 2 everyone gives everything.
CONTRIBUTIONS = {1: [c(4), c(10), c(16)], 2: [c(20), c(20), c(20)]}
EXPECTED_PAYOFFS = {1: [c(19), c(23), c(17)], 2: [c(30), c(30), c(30)]}


class PlayerBot(Bot):
    def play_round(self):
        me = self.player.id_in_group
        yield SubmissionMustFail(pages.Contribute, {'contribution': Constants.endowment + 1})
        yield pages.Contribute, {'contribution': CONTRIBUTIONS[self.round_number][me - 1]}
        expect(self.group.total_contribution, sum(CONTRIBUTIONS[self.round_number]))

        if self.round_number == 1:
            # The one who gave 4 is punished with 2 points by each of the others.
            expect(self.group.individual_share, c(15))
            if me == 1:
                yield pages.Punish, {'punish_p2': 0, 'punish_p3': 0}
            else:
                yield SubmissionMustFail(pages.Punish, {'punish_p1': 5, 'punish_p{}'.format(5 - me): 1})
                yield pages.Punish, {'punish_p1': 2, 'punish_p{}'.format(5 - me): 0}

        expect(self.player.payoff, EXPECTED_PAYOFFS[self.round_number][me - 1])
        expect(self.subsession.average_contribution, sum(CONTRIBUTIONS[self.round_number]) / 3)
        expect('You earned {}'.format(self.player.payoff), 'in', self.html)
        yield pages.Results
        # The bot skips FinalResults, as many oTree 3 bots do: it is finished there.
