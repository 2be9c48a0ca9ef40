from sessions_core.api import Bot, expect

from . import pages


def call_live_method(method, **kwargs):
    """oTree's bot hook: run once per group when its first bot reaches a live page."""
    page_class = kwargs['page_class']
    if page_class is pages.Bid:
        method(1, {'amount': 10})
        answer = method(2, {'amount': 30})
        expect(answer[0]['highest'], 30)
        method(3, {'amount': 20})
    elif page_class is pages.Echo:
        expect(method(1, 'hi')[0]['data'], 'hi')


class PlayerBot(Bot):
    def play_round(self):
        yield pages.Bid
        expect(self.group.highest, 30)
        expect(self.group.bids, 3)  # call_live_method ran once for the group
        expect(self.player.bid, {1: 10, 2: 30, 3: 20}[self.player.id_in_group])
        yield pages.Echo
        yield pages.GroupStyle
        yield pages.Chat, {'answer': 1}
        yield pages.Plain
