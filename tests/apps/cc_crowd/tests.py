from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        yield pages.Arrive
        expect(self.session.vars['crowd_opened'], 1)
        yield pages.Done
