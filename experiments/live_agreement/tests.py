from sessions_core.api import Bot, expect

from . import pages


def call_live_method(method, **kwargs):
    """Player 1 asks for 70, player 2 offers 50, player 1 comes down to 60, player 2 takes it."""
    expect(method(1, {'share': 70})[0]['proposals'], {1: 70, 2: None})
    method(2, {'share': 50})
    method(1, {'share': 60})
    expect(method(2, {'share': 60})[0]['agreed'], 60)
    expect(method(1, {'share': 10})[0]['agreed'], 60)   # agreed is agreed


class PlayerBot(Bot):
    def play_round(self):
        yield pages.Bargain
        expect(self.group.agreed, 60)
        expect(self.player.payoff, 60 if self.player.id_in_group == 1 else 40)
        yield pages.Results
