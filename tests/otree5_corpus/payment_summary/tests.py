from . import *


class PlayerBot(Bot):
    def play_round(self):
        if self.participant.consented:
            expect('value="0"', 'not in', self.html)
            yield SubmissionMustFail(Feedback, dict(rating=0))
            yield Feedback, dict(rating=3)
            expect(self.player.payoff, C.COMPLETION_BONUS)
            expect('completion bonus of 150 points', 'in', self.html)
            expect('var summary = {"consented": true, "rating": 3, "bonus": 150};', 'in', self.html)
        else:
            yield Feedback, dict(rating=0)
            expect(self.player.payoff, cu(0))
            expect('You did not take part in the study.', 'in', self.html)
        expect('payment_summary/coins.svg', 'in', self.html)
        expect('Treatment: framed.', 'in', self.html)
        # the last page has no next button: the bot stops here, which finishes it
