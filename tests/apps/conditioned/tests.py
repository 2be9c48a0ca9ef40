from sessions_core.api import Bot

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        if self.round_number == 1:
            yield pages.Intro, {'answer': 'a'}
        yield pages.Show
