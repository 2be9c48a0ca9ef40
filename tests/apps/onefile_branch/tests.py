from . import *


class PlayerBot(Bot):
    def play_round(self):
        yield Branch
