from . import *


def call_live_method(method, **kwargs):
    # participants 1 and 3 buy, 2 and 4 sell
    expect(method(2, dict(price=90))[0]['asks'], [cu(90)])
    book = method(4, dict(price=70))[0]
    expect(book['asks'], [cu(70), cu(90)])
    book = method(1, dict(price=60))[0]  # below the lowest ask: no trade
    expect(book['bids'], [cu(60)])
    book = method(3, dict(price=75))[0]  # meets the ask of 70: trades at 70
    expect(book['trades'], [cu(70)])
    expect(book['asks'], [cu(90)])
    expect(method(3, dict(price=95))[3]['error'], "You have traded already.")


class PlayerBot(Bot):
    def play_round(self):
        expect('onclick="sendOffer()"', 'in', self.html)
        expect('market_live/market.js', 'in', self.html)
        yield Market
        expect(self.group.num_trades, 1)
        expect(len(Trade.filter(group=self.group)), 1)
        if self.player.id_in_group in (3, 4):
            expect(self.player.traded, True)
            expect(self.player.price, cu(70))
            expect(self.player.payoff, cu(30))
            expect('You traded at 70 points and earned 30 points.', 'in', self.html)
        else:
            expect(self.player.traded, False)
            expect(len(Offer.filter(player=self.player)), 1)
            expect('You did not trade (1 offer(s) made).', 'in', self.html)
        expect('buyer 3 bought from seller 4 at 70 points', 'in', self.html)
        expect(Offer.values_list('price', group=self.group, flat=True),
               [cu(90), cu(70), cu(60), cu(75)])
        expect('All offers: 90 points 70 points 60 points 75 points', 'in', self.html)
        yield Results
