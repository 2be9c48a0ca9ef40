from . import *


def call_live_method(method, **kwargs):
    if kwargs['page_class'] == Auction:
        expect(method(1, dict(amount=5)), {0: dict(highest=5, by=1)})
        expect(method(2, dict(amount=8))[0]['highest'], 8)
        expect(method(1, dict(amount=3))[0]['highest'], 8)
    elif kwargs['page_class'] == Echo:
        expect(method(2, 'hello'), {2: dict(echo='hello', bid=8)})


class PlayerBot(Bot):
    def play_round(self):
        yield Auction
        expect(self.group.highest, 8)
        expect(self.player.bid, {1: 3, 2: 8}[self.player.id_in_group])
        yield Echo
        yield Done
