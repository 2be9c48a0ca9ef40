from sessions_core.api import Bot, Submission, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        yield Submission(pages.Quick, {'word': 'bot'}, timeout_happened=True)
        expect(self.player.timed_out, True)
        expect(self.player.number, 0)
