from . import *


class PlayerBot(Bot):
    def play_round(self):
        if self.round_number == 1:
            yield Introduction
        expect('js_vars', 'in', self.html)
        zeros = self.player.digits.count('0')
        if self.round_number == 1:
            yield Task, dict(answer=zeros)
            expect(self.player.is_correct, True)
            expect(self.player.payoff, C.PAY_PER_CORRECT)
        elif self.round_number == 2:
            # the timer runs out: whatever the form holds, the round counts as missed
            yield Submission(Task, dict(answer=zeros), timeout_happened=True)
            expect(self.player.timed_out, True)
            expect(self.player.is_correct, False)
            expect(self.player.payoff, cu(0))
        else:
            yield Task, dict(answer=zeros + 1)
            expect(self.player.is_correct, False)
            expect('1 correct, 1 missed; you earned 10 points.', 'in', self.html)
            expect(self.html.count('time ran out'), 1)
            yield Results
