from otree.api import Currency as c, currency_range, Bot, SubmissionMustFail, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        if self.round_number == 1:
            expect('two thirds of the average', 'in', self.html)
            yield pages.Introduction
        yield SubmissionMustFail(pages.Guess, {'guess': Constants.guess_max + 1})
        # Guesses 10i + r: the average is 25 + r and participant 2 is always closest to 2/3 of it.
        yield pages.Guess, {'guess': 10 * self.participant.id_in_session + self.round_number}
        expect(self.group.best_guess, 20 + self.round_number)
        expect(self.group.num_winners, 1)
        winner = self.participant.id_in_session == 2
        expect(self.player.is_winner, winner)
        expect(self.player.payoff, Constants.prize if winner else c(0))
        total = Constants.prize * self.round_number if winner else c(0)
        expect('Your total so far: {}'.format(total), 'in', self.html)
        yield pages.Results
