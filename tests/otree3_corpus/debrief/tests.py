from otree.api import Currency as c, currency_range, Bot, expect
from . import pages


class PlayerBot(Bot):
    def play_round(self):
        passed = self.participant.vars['passed_quiz']
        # Only those who passed the quiz played the lottery.
        expect(self.participant.vars.get('lottery_played', False), passed)
        expect('Your earnings: {}'.format(self.participant.payoff), 'in', self.html)
        yield pages.Summary
        yield pages.Feedback, {'feedback': 'All clear, thanks.', 'clarity': 3}
        expect(self.player.clarity, 3)
        expect(self.session.vars['feedback_count'], 'in', [1, 2])
        # The bot stops here: Thanks is the last page and has nothing to do.
