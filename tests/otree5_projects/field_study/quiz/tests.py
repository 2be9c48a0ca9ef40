from . import *


class PlayerBot(Bot):
    def play_round(self):
        yield Quiz, dict(capital='Paris', seven_times_six=self.participant.id_in_session + 40)
        right = 2 if self.participant.id_in_session == 2 else 1
        expect(self.participant.quiz_score, right)
        expect('You answered {} of 2 questions right.'.format(right), 'in', self.html)
        yield Score
