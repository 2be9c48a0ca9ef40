from sessions_core.api import Bot, SubmissionMustFail, expect
from sessions_core.api import Currency as c

from . import pages
from .models import Constants


class PlayerBot(Bot):
    def contribution(self):
        # Multiples of 30 that vary with position and round: a group's total is then a
        # multiple of 30, so its share (total * 2 / 3) is a whole number of points.
        return c(30) * ((self.player.id_in_group + self.round_number) % 4)

    def play_round(self):
        expect(len(self.group.get_players()), Constants.players_per_group)
        if self.round_number == 1:
            yield SubmissionMustFail(pages.Contribute, {'contribution': Constants.endowment + 1})
            yield SubmissionMustFail(pages.Contribute, {'contribution': -1})
        yield pages.Contribute, {'contribution': self.contribution()}

        expect(self.player.contribution, self.contribution())
        total = sum(p.contribution for p in self.group.get_players())
        multiplier = self.session.config.get('multiplier', Constants.multiplier)
        share = total * multiplier / Constants.players_per_group
        expect(self.group.total_contribution, total)
        expect(self.group.individual_share, share)
        expect(self.player.payoff, Constants.endowment - self.player.contribution + share)
        yield pages.Results
