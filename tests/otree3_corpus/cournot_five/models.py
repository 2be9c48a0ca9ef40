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
A Cournot market with five firms, two rounds: each firm chooses how many units to produce; the
price falls with the total supply. The session keeps the price history in session.vars.
"""


class Constants(BaseConstants):
    name_in_url = 'cournot'
    players_per_group = 5
    num_rounds = 2

    total_capacity = 60
    max_units = 20


class Subsession(BaseSubsession):
    def creating_session(self):
        if self.round_number == 1:
            self.session.vars['market_prices'] = []

    def close_markets(self):
        for group in self.get_groups():
            group.set_payoffs()
        self.session.vars['market_prices'].append(
            [int(g.unit_price) for g in self.get_groups()]
        )


class Group(BaseGroup):
    unit_price = models.CurrencyField()
    total_units = models.IntegerField()

    def set_payoffs(self):
        players = self.get_players()
        self.total_units = sum(p.units for p in players)
        self.unit_price = c(max(0, Constants.total_capacity - self.total_units))
        for p in players:
            p.payoff = self.unit_price * p.units


class Player(BasePlayer):
    units = models.IntegerField(
        min=0, max=Constants.max_units, label='How many units will you produce?'
    )

    def others_units(self):
        return sum(p.units for p in self.get_others_in_group())
