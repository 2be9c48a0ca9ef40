"""Live agreement: the two players of a pair propose numbers to each other on a live page, and
agree the moment both propose the same one. A small example of a live_method."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models
from sessions_core.api import Currency as c

doc = """
Pairs bargain over how to split 100 points, live: each proposal shows on both pages at once
(a live page: live_method), and the pair agrees as soon as both propose the same split. Player
1 proposes what player 1 gets. Without an agreement both get nothing.
"""


class Constants(BaseConstants):
    name_in_url = 'live_agreement'
    players_per_group = 2
    num_rounds = 1

    pie = c(100)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    agreed = models.CurrencyField(doc="Player 1's share, once both proposed it")
    proposals_made = models.IntegerField(initial=0)

    def set_payoffs(self):
        first, second = self.get_player_by_id(1), self.get_player_by_id(2)
        if self.agreed is None:
            first.payoff = second.payoff = c(0)
        else:
            first.payoff = self.agreed
            second.payoff = Constants.pie - self.agreed


class Player(BasePlayer):
    proposal = models.CurrencyField(doc="The player's last proposal: player 1's share")

    def live_propose(self, data):
        """{'share': n} proposes that player 1 gets n; {} asks for where things stand."""
        group = self.group
        if 'share' in data and group.agreed is None:
            share = c(int(data['share']))
            if not 0 <= share <= Constants.pie:
                return {self.id_in_group: dict(error=f'Propose between 0 and {Constants.pie}.')}
            self.proposal = share
            group.proposals_made += 1
            other = self.get_others_in_group()[0]
            if other.proposal == share:
                group.agreed = share
        proposals = {p.id_in_group: p.proposal for p in group.get_players()}
        return {0: dict(proposals=proposals, agreed=group.agreed, by=self.id_in_group)}
