from otree.api import *

doc = """
A small double auction on a live page: buyers bid, sellers ask, and a bid at or above the lowest
ask (or an ask at or below the highest bid) trades at the standing offer's price. Every offer is
an ExtraModel row; each participant trades at most once.
"""


class C(BaseConstants):
    NAME_IN_URL = 'market_live'
    PLAYERS_PER_GROUP = 4
    NUM_ROUNDS = 1
    BUYER_VALUE = cu(100)
    SELLER_COST = cu(40)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    num_trades = models.IntegerField(initial=0)


class Player(BasePlayer):
    is_buyer = models.BooleanField()
    traded = models.BooleanField(initial=False)
    price = models.CurrencyField()


class Offer(ExtraModel):
    group = models.Link(Group)
    player = models.Link(Player)
    price = models.CurrencyField()
    is_bid = models.BooleanField()
    open = models.BooleanField()


class Trade(ExtraModel):
    group = models.Link(Group)
    buyer = models.Link(Player)
    seller = models.Link(Player)
    price = models.CurrencyField()


# FUNCTIONS
def creating_session(subsession: Subsession):
    for player in subsession.get_players():
        player.is_buyer = player.id_in_group % 2 == 1


def open_offers(group: Group, is_bid: bool):
    offers = [o for o in Offer.filter(group=group, is_bid=is_bid) if o.open]
    return sorted(offers, key=lambda o: -o.price if is_bid else o.price)


def market_state(group: Group):
    return dict(
        bids=[o.price for o in open_offers(group, True)],
        asks=[o.price for o in open_offers(group, False)],
        trades=[t.price for t in Trade.filter(group=group)],
    )


def live_offer(player: Player, data):
    group = player.group
    if player.traded:
        return {player.id_in_group: dict(error="You have traded already.")}
    price = cu(data['price'])
    offer = Offer.create(group=group, player=player, price=price, is_bid=player.is_buyer, open=True)
    others = open_offers(group, not player.is_buyer)
    match = others[0] if others else None
    if match and (price >= match.price if player.is_buyer else price <= match.price):
        offer.open = False
        match.open = False
        buyer, seller = (player, match.player) if player.is_buyer else (match.player, player)
        Trade.create(group=group, buyer=buyer, seller=seller, price=match.price)
        for p in (buyer, seller):
            p.traded = True
            p.price = match.price
            for own in Offer.filter(player=p):
                own.open = False
        buyer.payoff = C.BUYER_VALUE - match.price
        seller.payoff = match.price - C.SELLER_COST
        group.num_trades += 1
    return {0: market_state(group)}


# PAGES
class Market(Page):
    @staticmethod
    def live_method(player: Player, data):
        return live_offer(player, data)

    @staticmethod
    def js_vars(player: Player):
        return dict(is_buyer=player.is_buyer, id_in_group=player.id_in_group)

    @staticmethod
    def vars_for_template(player: Player):
        return market_state(player.group)


class ResultsWaitPage(WaitPage):
    pass


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(
            trades=Trade.filter(group=player.group),
            num_offers=len(Offer.filter(player=player)),
            all_prices=Offer.values_list('price', group=player.group, flat=True),
        )


page_sequence = [Market, ResultsWaitPage, Results]
