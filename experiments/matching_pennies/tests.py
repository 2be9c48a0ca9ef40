from sessions_core.api import Bot, SubmissionMustFail, expect
from sessions_core.api import Currency as c

from . import pages
from .models import Constants


class PlayerBot(Bot):
    # same_side: both always choose Heads, so the Matcher wins every round.
    # alternating: the Mismatcher always chooses Heads and the Matcher alternates
    # Heads, Tails, ..., so the Matcher wins the odd rounds and loses the even ones.
    cases = ['same_side', 'alternating']

    def matcher_wins(self):
        return self.case == 'same_side' or self.round_number % 2 == 1

    def side(self):
        if self.player.role() == 'Matcher' and not self.matcher_wins():
            return 'Tails'
        return 'Heads'

    def play_round(self):
        self.check_roles()
        if self.round_number == 1:
            yield SubmissionMustFail(pages.Choice, {'penny_side': 'Edge'})
            yield SubmissionMustFail(pages.Choice, {})
        yield pages.Choice, {'penny_side': self.side()}

        self.check_payoff()
        # Decided before the yield: once Results is submitted the participant may already be
        # in the next round, and self.round_number with it.
        last_round = self.round_number == Constants.num_rounds
        yield pages.Results

        if last_round:
            self.check_paying_round()
            yield pages.FinalResults

    def check_roles(self):
        first = self.player.in_round(1)
        if self.round_number < Constants.roles_swap_in_round:
            expect(self.player.id_in_group, first.id_in_group)
            expect(self.player.role(), first.role())
        else:
            expect(self.player.id_in_group, 3 - first.id_in_group)
            expect(self.player.role(), '!=', first.role())

    def check_payoff(self):
        won = self.matcher_wins() == (self.player.role() == 'Matcher')
        paid = self.round_number == self.participant.vars['paying_round']
        expect(self.player.is_winner, won)
        expect(self.player.payoff, Constants.stakes if won and paid else c(0))

    def check_paying_round(self):
        paying_round = self.participant.vars['paying_round']
        expect(paying_round, 'in', list(range(1, Constants.num_rounds + 1)))
        total = sum(p.payoff for p in self.player.in_all_rounds())
        expect(total, self.player.in_round(paying_round).payoff)
        expect(f'Round {paying_round} was drawn', 'in', self.html)
