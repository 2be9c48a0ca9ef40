"""Ultimatum game: the proposer offers a split, the responder accepts it or both get nothing."""
from sessions_core.api import (
    BaseConstants,
    BaseGroup,
    BasePlayer,
    BaseSubsession,
    currency_range,
    models,
    widgets,
)
from sessions_core.api import Currency as c

doc = """
Two players split a pie. The proposer offers part of it to the responder; if the responder
accepts, the pie is split as offered, otherwise both get nothing.
"""


class Constants(BaseConstants):
    name_in_url = 'ultimatum'
    players_per_group = 2
    num_rounds = 1

    pie = c(100)
    offer_step = c(10)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    offer = models.CurrencyField(
        choices=currency_range(0, Constants.pie, Constants.offer_step),
        doc='Amount the proposer offers to the responder',
        label='How much do you offer to the responder?',
    )
    accepted = models.BooleanField(
        choices=[[True, 'Yes'], [False, 'No']],
        widget=widgets.RadioSelect,
        doc='Whether the responder accepted the offer',
        label='Do you accept the offer?',
    )

    def set_payoffs(self):
        proposer = self.get_player_by_role('Proposer')
        responder = self.get_player_by_role('Responder')
        if self.accepted:
            proposer.payoff = Constants.pie - self.offer
            responder.payoff = self.offer
        else:
            proposer.payoff = c(0)
            responder.payoff = c(0)


class Player(BasePlayer):
    def role(self):
        return 'Proposer' if self.id_in_group == 1 else 'Responder'
