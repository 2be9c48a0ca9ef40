from otree.api import Currency as c, currency_range, SubmissionMustFail, expect
from . import pages
from ._builtin import Bot
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        # Every page is the project's global/Page.html, with the lab's stylesheet.
        expect('global/style.css', 'in', self.html)
        if self.player.id_in_group == 1:
            yield SubmissionMustFail(pages.Send, {'sent_amount': Constants.endowment + 1})
            yield pages.Send, {'sent_amount': c(4)}
        else:
            yield SubmissionMustFail(pages.SendBack, {'sent_back_amount': c(13)})
            yield pages.SendBack, {'sent_back_amount': c(6)}

        expect(self.player.payoff, c(12) if self.player.id_in_group == 1 else c(6))
        expect(str(self.player.payoff), 'in', self.html)
        yield pages.Results
