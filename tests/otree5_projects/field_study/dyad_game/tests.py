from . import *


class PlayerBot(Bot):
    def play_round(self):
        yield Choose, dict(side='left')
        expect(self.player.payoff, C.BONUS)
        yield Results
