"""Matching pennies over four rounds, with the roles swapped half way and one round paid."""
import random

from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models, widgets
from sessions_core.api import Currency as c

doc = """
Two players each choose Heads or Tails. The Matcher wins if the sides are the same, the
Mismatcher if they differ. Roles swap from round 3 on. One round, drawn at random, is paid.
"""


class Constants(BaseConstants):
    name_in_url = 'matching_pennies'
    players_per_group = 2
    num_rounds = 4

    stakes = c(100)
    roles_swap_in_round = 3


class Subsession(BaseSubsession):
    def creating_session(self):
        if self.round_number == 1:
            self.draw_paying_round()
        if self.round_number == Constants.roles_swap_in_round:
            # Reversing each row swaps id_in_group, and so the roles, inside every group.
            self.set_group_matrix([list(reversed(row)) for row in self.get_group_matrix()])
        elif self.round_number > Constants.roles_swap_in_round:
            self.group_like_round(Constants.roles_swap_in_round)

    def draw_paying_round(self):
        # One draw for the whole session, so both members of a group are paid for the same round
        # and every round stays zero-sum.
        paying_round = random.randint(1, Constants.num_rounds)
        for p in self.get_players():
            p.participant.vars['paying_round'] = paying_round


class Group(BaseGroup):
    def set_payoffs(self):
        matcher = self.get_player_by_role('Matcher')
        mismatcher = self.get_player_by_role('Mismatcher')
        matcher.is_winner = matcher.penny_side == mismatcher.penny_side
        mismatcher.is_winner = not matcher.is_winner
        for p in [matcher, mismatcher]:
            # Only the paying round earns anything; the draw is revealed at the end.
            paid = p.round_number == p.participant.vars['paying_round']
            p.payoff = Constants.stakes if p.is_winner and paid else c(0)


class Player(BasePlayer):
    penny_side = models.StringField(
        choices=['Heads', 'Tails'], widget=widgets.RadioSelect, label='I choose:',
    )
    is_winner = models.BooleanField(doc='Whether the player won this round')

    def role(self):
        return 'Mismatcher' if self.id_in_group == 1 else 'Matcher'
