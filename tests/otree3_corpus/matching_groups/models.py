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
A repeated prisoner's dilemma in pairs. Pairs are drawn at random in round 1 and kept in round 2;
drawn again in round 3 (each keeping their position in the pair) and kept in round 4.
"""


class Constants(BaseConstants):
    name_in_url = 'matching'
    players_per_group = 2
    num_rounds = 4

    both_cooperate = c(30)
    both_defect = c(10)
    sucker = c(0)
    temptation = c(50)


class Subsession(BaseSubsession):
    def creating_session(self):
        if self.round_number == 1:
            self.group_randomly()
        elif self.round_number == 2:
            self.group_like_round(1)
        elif self.round_number == 3:
            self.group_randomly(fixed_id_in_group=True)
        else:
            self.group_like_round(3)


class Group(BaseGroup):
    def set_payoffs(self):
        p1, p2 = self.get_players()
        p1.payoff, p2.payoff = payoffs(p1.cooperate, p2.cooperate)


def payoffs(first_cooperates, second_cooperates):
    if first_cooperates and second_cooperates:
        return Constants.both_cooperate, Constants.both_cooperate
    if first_cooperates:
        return Constants.sucker, Constants.temptation
    if second_cooperates:
        return Constants.temptation, Constants.sucker
    return Constants.both_defect, Constants.both_defect


class Player(BasePlayer):
    cooperate = models.BooleanField(
        choices=[[True, 'Cooperate'], [False, 'Defect']],
        widget=widgets.RadioSelect,
        label='Your decision',
    )

    def partner(self):
        return self.get_others_in_group()[0]
