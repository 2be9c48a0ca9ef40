from sessions_core.api import Bot, expect

from . import pages
from .models import Offer


class PlayerBot(Bot):
    def play_round(self):
        amount = 5 * self.participant.id_in_session * self.round_number
        yield pages.Propose, {'amount': amount}
        mine = Offer.filter(player=self.player)
        expect(len(mine), 1)
        expect(mine[0].amount, amount)
        expect(mine[0].accepted, amount >= 10)
        expect(self.participant.offers_made, self.round_number)
        expect(self.participant.first_offer, {'amount': 5 * self.participant.id_in_session,
                                              'round': 1})
        expect(self.session.settled_rounds >= self.round_number, True)
        yield pages.Results
