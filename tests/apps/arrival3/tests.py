from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        expect(len(self.group.get_players()), 3)
        yield pages.Matched
