from sessions_core.api import Bot, SubmissionMustFail, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        yield SubmissionMustFail(pages.PlayerRules,
                                 {'guess': 0, 'colour': 'red', 'word': 'ok', 'capped': 1})
        yield pages.PlayerRules, {'guess': 5, 'colour': 'red', 'word': 'ok', 'capped': 50}
        yield SubmissionMustFail(pages.GroupRules, {'price': 12})
        yield pages.GroupRules, {'price': 15}
        expect(self.group.price, 15)
        yield pages.Done
