from otree.api import (
    models,
    widgets,
    BaseConstants,
    BaseSubsession,
    BaseGroup,
    BasePlayer,
    Currency as c,
    currency_range,
)

author = 'Quorum test corpus'

doc = """
A coordination game in pairs formed by arrival time: the first two to arrive play together, and
so on. Both earn more if they pick the same side; the side is chosen by clicking a button.
"""


class Constants(BaseConstants):
    name_in_url = 'arrival'
    players_per_group = 2
    num_rounds = 1

    sides = ['left', 'right']
    match_payoff = c(50)
    mismatch_payoff = c(10)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    matched = models.BooleanField()

    def set_payoffs(self):
        sides = {p.side for p in self.get_players()}
        self.matched = len(sides) == 1
        for p in self.get_players():
            p.payoff = Constants.match_payoff if self.matched else Constants.mismatch_payoff


class Player(BasePlayer):
    side = models.StringField(choices=Constants.sides)
