"""Prisoner's dilemma with chat: the two players of a pair talk before they decide."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models, widgets
from sessions_core.api import Currency as c

doc = """
Two players may chat ({% chat %}: the pair's own channel) while each chooses, in private,
to cooperate or to defect. Three rounds with the same partner; the chat of each round is its
own. Payoffs follow the usual matrix; the chat is exported with the session's data.
"""


class Constants(BaseConstants):
    name_in_url = 'prisoner_chat'
    players_per_group = 2
    num_rounds = 3

    both_cooperate = c(30)     # each, when both cooperate
    both_defect = c(10)        # each, when both defect
    betrayed = c(0)            # the one who cooperated against a defector
    betrayer = c(40)           # the one who defected against a cooperator


class Subsession(BaseSubsession):
    def creating_session(self):
        if self.round_number > 1:
            self.group_like_round(1)  # the same partner in every round


class Group(BaseGroup):
    def set_payoffs(self):
        for player in self.get_players():
            player.set_payoff()


class Player(BasePlayer):
    cooperate = models.BooleanField(
        choices=[[True, 'Cooperate'], [False, 'Defect']],
        widget=widgets.RadioSelect,
        label='What do you choose?',
        doc='True: cooperated; False: defected',
    )

    def other_player(self):
        return self.get_others_in_group()[0]

    def set_payoff(self):
        other = self.other_player().cooperate
        if self.cooperate:
            self.payoff = Constants.both_cooperate if other else Constants.betrayed
        else:
            self.payoff = Constants.betrayer if other else Constants.both_defect
