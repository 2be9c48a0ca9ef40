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
Trust game with named roles: the investor sends part of an endowment, which is tripled; the
trustee decides how much to send back.
"""


class Constants(BaseConstants):
    name_in_url = 'trust_roles'
    players_per_group = 2
    num_rounds = 1

    endowment = c(100)
    multiplier = 3
    investor_role = 'Investor'
    trustee_role = 'Trustee'


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    sent_amount = models.CurrencyField(
        choices=currency_range(c(0), Constants.endowment, c(10)),
        label='How much do you send to the trustee?',
    )
    sent_back_amount = models.CurrencyField(label='How much do you send back?')

    def sent_back_amount_max(self):
        return self.sent_amount * Constants.multiplier

    def set_payoffs(self):
        investor = self.get_player_by_role(Constants.investor_role)
        trustee = self.get_player_by_role(Constants.trustee_role)
        investor.payoff = Constants.endowment - self.sent_amount + self.sent_back_amount
        trustee.payoff = self.sent_amount * Constants.multiplier - self.sent_back_amount


class Player(BasePlayer):
    def role(self):
        if self.id_in_group == 1:
            return Constants.investor_role
        return Constants.trustee_role
