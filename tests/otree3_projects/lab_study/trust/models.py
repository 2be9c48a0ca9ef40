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


author = 'Quorum test fixture'

doc = """
A one-shot trust game. The trustor may send part of an endowment to the trustee; what is sent
is tripled, and the trustee decides how much of it to send back.
"""


class Constants(BaseConstants):
    name_in_url = 'trust'
    players_per_group = 2
    num_rounds = 1

    endowment = c(10)
    multiplier = 3


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    sent_amount = models.CurrencyField(
        min=0, max=Constants.endowment, doc="""Amount sent by the trustor""",
    )

    sent_back_amount = models.CurrencyField(doc="""Amount sent back by the trustee""", min=0)

    def set_payoffs(self):
        trustor = self.get_player_by_id(1)
        trustee = self.get_player_by_id(2)
        trustor.payoff = Constants.endowment - self.sent_amount + self.sent_back_amount
        trustee.payoff = self.sent_amount * Constants.multiplier - self.sent_back_amount


class Player(BasePlayer):
    def role(self):
        return 'trustor' if self.id_in_group == 1 else 'trustee'
