from sessions_core.api import Bot


class PlayerBot(Bot):
    def play_round(self):
        return
        yield  # a generator with nothing to submit: the wait page passes by itself
