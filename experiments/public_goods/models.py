"""Public goods game, repeated with groups re-drawn at random every round."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models
from sessions_core.api import Currency as c

doc = """
Groups of three. Each player contributes part of an endowment to a common project; the total
is multiplied and shared equally within the group. Groups are re-drawn at random each round.
"""


class Constants(BaseConstants):
    name_in_url = 'public_goods'
    players_per_group = 3
    num_rounds = 3

    endowment = c(100)
    # Used when the session type does not set its own 'multiplier'.
    multiplier = 2


class Subsession(BaseSubsession):
    def creating_session(self):
        # Strangers matching: nobody can build a reputation with a fixed group.
        self.group_randomly()


class Group(BaseGroup):
    total_contribution = models.CurrencyField(doc='Sum of the contributions in the group')
    individual_share = models.CurrencyField(doc='What each member gets from the common project')

    def set_payoffs(self):
        players = self.get_players()
        multiplier = self.session.config.get('multiplier', Constants.multiplier)
        self.total_contribution = sum(p.contribution for p in players)
        self.individual_share = self.total_contribution * multiplier / len(players)
        for p in players:
            p.payoff = Constants.endowment - p.contribution + self.individual_share


class Player(BasePlayer):
    contribution = models.CurrencyField(
        min=0, max=Constants.endowment, doc='Amount contributed to the common project',
        label='How much will you contribute to the project?',
    )
