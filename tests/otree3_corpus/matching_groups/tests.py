from otree.api import Currency as c, currency_range, Bot, expect
from . import pages
from .models import Constants


def partner_id(player):
    return player.partner().participant.id_in_session


class PlayerBot(Bot):
    def play_round(self):
        round_number = self.round_number
        if round_number in (2, 4):
            earlier = self.player.in_round(round_number - 1)
            expect(partner_id(self.player), partner_id(earlier))
            expect(self.player.id_in_group, earlier.id_in_group)
        if round_number == 3:
            # group_randomly(fixed_id_in_group=True) keeps each position of the pair.
            expect(self.player.id_in_group, 2 - self.player.id_in_subsession % 2)

        # Everyone cooperates in rounds 1 and 4 and defects in round 2; in round 3 the first of
        # each pair cooperates and the second defects.
        cooperate = {1: True, 2: False, 3: self.player.id_in_group == 1, 4: True}[round_number]
        yield pages.Decision, {'cooperate': cooperate}

        sucker = self.player.in_round(3).id_in_group == 1
        expected = {1: c(30), 2: c(10), 3: c(0) if sucker else c(50), 4: c(30)}
        expect(self.player.payoff, expected[round_number])
        total = sum(expected[r] for r in range(1, round_number + 1))
        expect('Your total: {}'.format(total), 'in', self.html)
        yield pages.Results
