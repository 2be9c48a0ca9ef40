from . import *


class PlayerBot(Bot):
    def play_round(self):
        if self.player.role == C.INVESTOR_ROLE:
            expect('You have 100 points to invest', 'in', self.html)
            expect('multiplied by 3 on its way', 'in', self.html)
            yield SubmissionMustFail(Send, dict(sent_amount=cu(101)))
            yield Send, dict(sent_amount=cu(40))
        else:
            expect(self.group.sent_amount, cu(40))
            expect('you now have 120 points', 'in', self.html)
            yield SubmissionMustFail(SendBack, dict(sent_back_amount=cu(121)))
            yield SendBack, dict(sent_back_amount=cu(50))
        if self.player.role == C.INVESTOR_ROLE:
            expect(self.player.payoff, cu(110))
        else:
            expect(self.player.payoff, cu(70))
        yield Results
