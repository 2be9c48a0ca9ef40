from sessions_core.api import Bot, Submission, expect

from . import pages


def call_live_method(method, **kwargs):
    """The first buyer bids its value less 10 and the first seller asks less: they trade."""
    method(1, {})
    market = method(1, {'offer': 90})[3]   # what participant 3 sees
    expect(market['bids'], [90])
    answer = method(2, {'offer': 80})
    expect(answer[4]['trade'], {'price': 90, 'buyer': 1, 'seller': 2})
    expect(answer[4]['bids'], [])
    expect(answer[2]['me']['traded'], True)
    expect(method(1, {'offer': 100})[1]['error'], 'You have traded already.')


class PlayerBot(Bot):
    def play_round(self):
        expect('liveSend', 'in', self.html)
        if self.player.id_in_group in (1, 2):
            yield pages.Market  # they traded and leave the market
        else:
            # The others stay until the market closes: its group timer submits their page.
            yield Submission(pages.Market, timeout_happened=True)
        if self.player.id_in_group in (1, 2):
            expect(self.player.traded, True)
            expect(self.player.price, 90)
            expect(self.player.payoff, (self.player.break_even - 90) if self.player.is_buyer
                   else (90 - self.player.break_even))
        else:
            expect(self.player.traded, False)
        yield pages.Results
