from otree.api import Currency as c, currency_range, SubmissionMustFail, expect
from . import pages
from ._builtin import Bot
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        top = self.session.config['scale_max']
        expect('survey/survey.css', 'in', self.html)
        yield SubmissionMustFail(pages.Questions, dict(age=30, satisfaction=top + 1))
        yield pages.Questions, dict(age=30, satisfaction=top)
        expect(self.player.satisfaction, top)
