from otree.api import *

doc = """
Prisoner's dilemma over two rounds with a row and a column player; the partners stay together
and swap roles in round 2.
"""


class C(BaseConstants):
    NAME_IN_URL = 'pd_roles'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 2
    ROW_ROLE = 'Row player'
    COLUMN_ROLE = 'Column player'
    BOTH_COOPERATE = cu(30)
    BOTH_DEFECT = cu(10)
    SUCKER = cu(0)
    TEMPTATION = cu(40)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    cooperate = models.BooleanField(
        choices=[[True, 'Cooperate'], [False, 'Defect']],
        widget=widgets.RadioSelect,
        label="Your choice",
    )


# FUNCTIONS
def creating_session(subsession: Subsession):
    if subsession.round_number == 2:
        subsession.group_like_round(1)
        matrix = subsession.get_group_matrix()
        for row in matrix:
            row.reverse()
        subsession.set_group_matrix(matrix)


def other_player(player: Player):
    return player.get_others_in_group()[0]


def set_payoff(player: Player):
    other = other_player(player)
    payoffs = {
        (True, True): C.BOTH_COOPERATE,
        (True, False): C.SUCKER,
        (False, True): C.TEMPTATION,
        (False, False): C.BOTH_DEFECT,
    }
    player.payoff = payoffs[(player.cooperate, other.cooperate)]


def set_payoffs(group: Group):
    for p in group.get_players():
        set_payoff(p)


# PAGES
class Decision(Page):
    form_model = 'player'
    form_fields = ['cooperate']


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_payoffs


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(other=other_player(player))


page_sequence = [Decision, ResultsWaitPage, Results]
