from sessions_core.api import Bot, SubmissionMustFail, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        floor = self.participant.vars['bid_floor']
        seat = 1 if self.participant.id_in_session == 1 else 7
        yield SubmissionMustFail(pages.Basics, {'number': 11, 'flavour': 'vanilla', 'essay': 'x',
                                                'price': 1, 'likes_tea': True})
        yield pages.Basics, {'number': 3, 'flavour': 'vanilla', 'essay': 'Hello', 'price': 5,
                             'likes_tea': True}
        yield SubmissionMustFail(pages.Dynamic, {'bid': floor - 1, 'seat': seat})
        yield pages.Dynamic, {'bid': floor, 'seat': seat}
        yield SubmissionMustFail(pages.Rules, {'even': 3, 'left': 5, 'right': 5})
        yield pages.Rules, {'even': 4, 'left': 5, 'right': 5}
        yield pages.DictRules, {'low': 1, 'high': 2}
        expect(self.player.payoff, 25)
        yield pages.Done
