from otree.api import *

doc = """
A coordination game in pairs: both earn the bonus if they pick the same side.
"""


class C(BaseConstants):
    NAME_IN_URL = 'dyad_game'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1
    BONUS = cu(10)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    same = models.BooleanField()


class Player(BasePlayer):
    side = models.StringField(choices=['left', 'right'], widget=widgets.RadioSelect)


def set_payoffs(group: Group):
    first, second = group.get_players()
    group.same = first.side == second.side
    for p in group.get_players():
        p.payoff = C.BONUS if group.same else cu(0)


class Choose(Page):
    form_model = 'player'
    form_fields = ['side']


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_payoffs


class Results(Page):
    pass


page_sequence = [Choose, ResultsWaitPage, Results]
