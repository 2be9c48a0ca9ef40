from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        yield pages.Decide, {'choice': 7}
        expect(self.player.choice, 7)
        yield pages.Second
        yield pages.Third
