from . import *


class PlayerBot(Bot):
    def play_round(self):
        amount = cu(10 * self.participant.id_in_session)
        yield Bidding, dict(bid=amount)
        expect(self.participant.offers_made, 2)
        expect(Bid.values_list('amount', flat=True, player=self.player), [amount, amount + 1])
        expect(self.group.best_bid, max(b.amount for b in Bid.filter(group=self.group)))
        yield Results
