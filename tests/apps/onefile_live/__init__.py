"""Test app in oTree 5's one-file format: live pages. live_method as the name of a function
of the app taking (player, data), and as a static method of the page; the bots' hook
call_live_method in tests.py."""
from sessions_core.api import *


class C(BaseConstants):
    NAME_IN_URL = 'onefile_live'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    highest = models.IntegerField(initial=0)


class Player(BasePlayer):
    bid = models.IntegerField(initial=0)


def live_bid(player: Player, data):
    player.bid = data['amount']
    group = player.group
    group.highest = max(group.highest, player.bid)
    return {0: dict(highest=group.highest, by=player.id_in_group)}


class Auction(Page):
    live_method = 'live_bid'


class Echo(Page):
    @staticmethod
    def live_method(player: Player, data):
        return {player.id_in_group: dict(echo=data, bid=player.bid)}


class Done(Page):
    pass


page_sequence = [Auction, Echo, Done]
