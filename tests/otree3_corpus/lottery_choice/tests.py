from otree.api import Currency as c, currency_range, Bot, Submission, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        expect('/static/lottery_choice/wheel.svg', 'in', self.html)
        expect('<button name="lottery" value="B"', 'in', self.html)
        yield pages.Choice, {'lottery': 'B'}
        if self.participant.id_in_session % 2:
            # The timer runs out: the timeout submission is stored, without validation.
            yield Submission(pages.Confirm, {}, timeout_happened=True)
            expect(self.player.confirmed, False)
            expect('Time ran out', 'in', self.html)
        else:
            yield pages.Confirm, {'confirmed': True}
            expect(self.player.confirmed, True)
            expect('Time ran out', 'not in', self.html)
        expect(self.participant.vars['timed_out'], self.participant.id_in_session % 2 == 1)
        expect(self.player.payoff, 'in', [c(20), c(70)])
        expect(self.player.payoff, c(70) if self.player.won_high_prize else c(20))
        yield pages.Results
