from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        yield pages.Give, {'amount': self.player.id_in_group + self.round_number}
        # Partners give 1+r and 2+r: each is paid what the other gave.
        expect(self.group.total, 3 + 2 * self.round_number)
        expect(self.player.payoff, self.group.total - self.player.amount)
        yield pages.Results
