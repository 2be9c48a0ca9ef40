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
Volunteer's dilemma in groups of four: if at least one member volunteers, everyone gets the
benefit; each volunteer pays a cost. The session records how many groups had a volunteer.
"""


class Constants(BaseConstants):
    name_in_url = 'volunteer'
    players_per_group = 4
    num_rounds = 1

    benefit = c(100)
    cost = c(40)


class Subsession(BaseSubsession):
    def record_volunteer_rate(self):
        groups = self.get_groups()
        with_volunteer = [g for g in groups if g.num_volunteers > 0]
        self.session.vars['volunteer_rate'] = len(with_volunteer) / len(groups)


class Group(BaseGroup):
    num_volunteers = models.IntegerField()

    def set_payoffs(self):
        players = self.get_players()
        self.num_volunteers = len([p for p in players if p.volunteer])
        benefit = Constants.benefit if self.num_volunteers else c(0)
        for p in players:
            p.payoff = benefit - (Constants.cost if p.volunteer else c(0))


class Player(BasePlayer):
    volunteer = models.BooleanField(
        label='Do you volunteer?', widget=widgets.RadioSelectHorizontal
    )
