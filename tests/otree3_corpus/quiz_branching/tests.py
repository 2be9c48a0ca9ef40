from otree.api import Currency as c, currency_range, Bot, SubmissionMustFail, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        # Participant 1 knows the answer; participant 2 does not and skips to the last app.
        yield SubmissionMustFail(pages.Quiz, {'answer': 201})
        passes = self.participant.id_in_session == 1
        yield pages.Quiz, {'answer': Constants.correct_answer if passes else 50}
        expect(self.player.passed, passes)
        expect(self.participant.vars['passed_quiz'], passes)
        if passes:
            expect('Well done', 'in', self.html)
            yield pages.QuizPassed
