"""Double auction on a live page: buyers bid, sellers ask, and a trade happens the moment a bid
meets an ask, for everyone to see without reloading."""
import random

from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models
from sessions_core.api import Currency as c

doc = """
Everyone of the session trades in one market (a live page: live_method). Odd-numbered
participants are buyers, each with a private value for one unit; even-numbered ones are sellers,
each with a private cost. A buyer's bid and a seller's ask are shown to all; when a bid reaches
the lowest ask (or an ask the highest bid) the two trade at the standing offer's price. The
market is a group stage: it opens when every trader is there (start_together) and closes for
everyone at once when its group timer (market_seconds, from the config) runs out.
"""


class Constants(BaseConstants):
    name_in_url = 'double_auction'
    players_per_group = None
    num_rounds = 1

    market_seconds = 120
    lowest_value = 50      # buyers' values and sellers' costs are drawn from this range
    highest_value = 150


class Subsession(BaseSubsession):
    def creating_session(self):
        for player in self.get_players():
            player.is_buyer = player.id_in_subsession % 2 == 1
            player.break_even = c(random.randint(Constants.lowest_value, Constants.highest_value))


class Group(BaseGroup):
    def market(self, last_trade=None):
        """What every trader's page shows: the standing bids and asks, and the last trade."""
        traders = [p for p in self.get_players() if not p.traded and p.offer is not None]
        return dict(
            bids=sorted((p.offer for p in traders if p.is_buyer), reverse=True),
            asks=sorted(p.offer for p in traders if not p.is_buyer),
            trade=last_trade,
        )


class Player(BasePlayer):
    is_buyer = models.BooleanField(doc='True: a buyer; False: a seller')
    break_even = models.CurrencyField(doc="A buyer's value, or a seller's cost")
    offer = models.CurrencyField(doc='The standing bid (buyer) or ask (seller)')
    traded = models.BooleanField(initial=False)
    price = models.CurrencyField(doc='The price of the trade, if any')

    def role(self):
        return 'buyer' if self.is_buyer else 'seller'

    def live_offer(self, data):
        """A bid or an ask ({'offer': n}), or {} to ask for the market as it is."""
        group = self.group
        if 'offer' not in data:
            return {self.id_in_group: dict(group.market(), me=self.status())}
        if self.traded:
            return {self.id_in_group: dict(group.market(), me=self.status(),
                                           error='You have traded already.')}
        offer = c(int(data['offer']))
        if offer < 0 or offer > 2 * Constants.highest_value:
            return {self.id_in_group: dict(group.market(), me=self.status(),
                                           error='That offer is out of range.')}
        self.offer = offer
        market = group.market(self.match())
        # Everyone gets the market, each with their own status (keyed by id_in_group).
        return {p.id_in_group: dict(market, me=p.status()) for p in group.get_players()}

    def match(self):
        """Trade with the best standing offer on the other side that meets this one."""
        others = [p for p in self.group.get_players()
                  if p.is_buyer != self.is_buyer and not p.traded and p.offer is not None]
        if self.is_buyer:
            meets = [p for p in others if p.offer <= self.offer]
            best = min(meets, key=lambda p: p.offer, default=None)
        else:
            meets = [p for p in others if p.offer >= self.offer]
            best = max(meets, key=lambda p: p.offer, default=None)
        if best is None:
            return None
        buyer, seller = (self, best) if self.is_buyer else (best, self)
        for player in (buyer, seller):
            player.traded = True
            player.price = best.offer
        buyer.payoff = buyer.break_even - best.offer
        seller.payoff = best.offer - seller.break_even
        return dict(price=best.offer, buyer=buyer.id_in_group, seller=seller.id_in_group)

    def status(self):
        return dict(traded=self.traded, price=self.price, offer=self.offer)
