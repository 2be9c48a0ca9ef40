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
A dictator game with a taking option: the dictator divides a pie with the recipient, who
brought an endowment of their own, and may also take from that endowment.
(Named like Quorum's bundled demo, which it replaces.)
"""


class Constants(BaseConstants):
    name_in_url = 'dictator_take'
    players_per_group = 2
    num_rounds = 1

    pie = c(100)
    recipient_endowment = c(20)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    kept = models.CurrencyField(label='How much do you keep?')

    def kept_min(self):
        return c(0)

    def kept_max(self):
        return Constants.pie + Constants.recipient_endowment

    def set_payoffs(self):
        self.get_player_by_role('dictator').payoff = self.kept
        self.get_player_by_role('recipient').payoff = (
            Constants.pie + Constants.recipient_endowment - self.kept
        )


class Player(BasePlayer):
    def role(self):
        return {1: 'dictator', 2: 'recipient'}[self.id_in_group]
