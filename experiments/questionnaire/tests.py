from sessions_core.api import Bot, SubmissionMustFail, expect

from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        answers = {'age': 30, 'gender': 'Female', 'education_years': 16}
        yield SubmissionMustFail(pages.Demographics, dict(answers, age=5))
        yield SubmissionMustFail(pages.Demographics, {'age': 30, 'education_years': 16})
        yield SubmissionMustFail(pages.Demographics, dict(answers, gender='Unknown'))
        yield SubmissionMustFail(pages.Demographics, dict(answers, education_years=31))
        yield pages.Demographics, answers
        expect(self.player.age, 30)
        expect(self.player.gender, 'Female')

        yield SubmissionMustFail(pages.CognitiveReflection, {'crt': Constants.crt_total + 1})
        yield pages.CognitiveReflection, {'crt': 2, 'comments': 'Clear instructions.'}
        expect(self.player.crt_is_correct(), False)
        expect(self.player.comments, 'Clear instructions.')

        expect(str(self.participant.payoff), 'in', self.html)
        yield pages.Thanks
