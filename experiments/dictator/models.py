"""Dictator game: player 1 divides an endowment, player 2 can only accept the outcome."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models
from sessions_core.api import Currency as c

doc = """
Two players. Player 1 decides how much of an endowment to keep; player 2 receives the rest
and makes no decision.
"""


class Constants(BaseConstants):
    name_in_url = 'dictator'
    players_per_group = 2
    num_rounds = 1

    endowment = c(100)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    kept = models.CurrencyField(
        min=0, max=Constants.endowment, doc='Amount player 1 keeps',
        label='How much do you want to keep for yourself?',
    )

    def set_payoffs(self):
        self.get_player_by_id(1).payoff = self.kept
        self.get_player_by_id(2).payoff = Constants.endowment - self.kept


class Player(BasePlayer):
    pass
