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
A public goods game with peer punishment, in groups of three for two rounds. After the
contributions are known, players who saw someone give less than half the endowment may assign
costly punishment points to the others.
"""


class Constants(BaseConstants):
    name_in_url = 'pgp'
    players_per_group = 3
    num_rounds = 2

    endowment = c(20)
    multiplier = 1.5
    punishment_cost = c(1)
    punishment_effect = c(3)
    max_punishment = 5


class Subsession(BaseSubsession):
    average_contribution = models.CurrencyField()

    def set_average_contribution(self):
        contributions = [p.contribution for p in self.get_players()]
        self.average_contribution = sum(contributions) / len(contributions)


class Group(BaseGroup):
    total_contribution = models.CurrencyField()
    individual_share = models.CurrencyField()

    def set_shares(self):
        players = self.get_players()
        self.total_contribution = sum(p.contribution for p in players)
        self.individual_share = (
            self.total_contribution * Constants.multiplier / Constants.players_per_group
        )
        for p in players:
            p.earnings_before_punishment = (
                Constants.endowment - p.contribution + self.individual_share
            )

    def someone_free_rode(self):
        return any(p.contribution < Constants.endowment / 2 for p in self.get_players())

    def set_payoffs(self):
        for p in self.get_players():
            given = sum(p.points_to(other) for other in p.get_others_in_group())
            received = sum(other.points_to(p) for other in p.get_others_in_group())
            p.punishment_received = received
            p.payoff = (
                p.earnings_before_punishment
                - given * Constants.punishment_cost
                - received * Constants.punishment_effect
            )


def make_punishment_field(id_in_group):
    return models.IntegerField(
        min=0,
        max=Constants.max_punishment,
        initial=0,
        label='Punishment points for player {}'.format(id_in_group),
    )


class Player(BasePlayer):
    contribution = models.CurrencyField(
        min=0, max=Constants.endowment, label='How much will you contribute to the project?'
    )
    earnings_before_punishment = models.CurrencyField()
    punishment_received = models.IntegerField()

    punish_p1 = make_punishment_field(1)
    punish_p2 = make_punishment_field(2)
    punish_p3 = make_punishment_field(3)

    def points_to(self, other):
        return getattr(self, 'punish_p{}'.format(other.id_in_group)) or 0
