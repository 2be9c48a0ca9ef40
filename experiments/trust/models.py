"""Trust game: the trustor sends points, they are multiplied, the trustee may return some."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models
from sessions_core.api import Currency as c

doc = """
Two players. Player 1 (the trustor) may send part of an endowment to player 2 (the trustee);
the amount sent is multiplied, and player 2 decides how much of it to send back.
"""


class Constants(BaseConstants):
    name_in_url = 'trust'
    players_per_group = 2
    num_rounds = 1

    endowment = c(100)
    multiplier = 3


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    # Both decisions are group fields: each one is made by one player but shown to both.
    sent_amount = models.CurrencyField(
        min=0, max=Constants.endowment, doc='Amount sent by player 1',
        label='How much do you want to send to participant B?',
    )
    # The upper bound depends on sent_amount, so it is set by SendBack.sent_back_amount_max.
    sent_back_amount = models.CurrencyField(
        min=0, doc='Amount sent back by player 2',
        label='How much do you want to send back to participant A?',
    )

    def set_payoffs(self):
        trustor = self.get_player_by_id(1)
        trustee = self.get_player_by_id(2)
        trustor.payoff = Constants.endowment - self.sent_amount + self.sent_back_amount
        trustee.payoff = self.sent_amount * Constants.multiplier - self.sent_back_amount


class Player(BasePlayer):
    def role(self):
        return 'A' if self.id_in_group == 1 else 'B'
