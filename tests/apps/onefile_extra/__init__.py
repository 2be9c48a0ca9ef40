"""Test app in oTree 5's one-file format: an ExtraModel table (Bid, linked to the player and the
group) and declared participant and session fields (declared by the tests that play it:
tests/otree5_fields/conftest.py)."""
from sessions_core.api import *


class C(BaseConstants):
    NAME_IN_URL = 'onefile_extra'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    best_bid = models.CurrencyField()


class Player(BasePlayer):
    bid = models.CurrencyField(min=0, max=100, label='Your bid')


class Bid(ExtraModel):
    player = models.Link(Player)
    group = models.Link(Group)
    amount = models.CurrencyField(doc='A bid the player made')


# FUNCTIONS
def pick_best(group: Group):
    group.best_bid = max(Bid.values_list('amount', flat=True, group=group))
    session = group.session
    session.settled_rounds = session.vars.get('settled_rounds', 0) + 1


# PAGES
class Bidding(Page):
    form_model = 'player'
    form_fields = ['bid']

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        Bid.create(player=player, group=player.group, amount=player.bid)
        Bid.create(player=player, group=player.group, amount=player.bid + 1)
        player.participant.offers_made = len(Bid.filter(player=player))


class BestWaitPage(WaitPage):
    after_all_players_arrive = pick_best


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(bids=Bid.filter(player=player))


page_sequence = [Bidding, BestWaitPage, Results]
