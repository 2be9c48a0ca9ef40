from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        expect(self.session.vars['creating_session'], 3)
        yield pages.Start
