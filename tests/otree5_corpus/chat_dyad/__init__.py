from otree.api import *

doc = """
Two participants may chat before each names a number; they earn a bonus if the numbers match.
"""


class C(BaseConstants):
    NAME_IN_URL = 'chat_dyad'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1
    BONUS = cu(20)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    matched = models.BooleanField()


class Player(BasePlayer):
    number = models.IntegerField(min=1, max=10, label="Your number (1 to 10)")


# FUNCTIONS
def set_payoffs(group: Group):
    first, second = group.get_players()
    group.matched = first.number == second.number
    for p in group.get_players():
        p.payoff = C.BONUS if group.matched else cu(0)


# PAGES
class Discuss(Page):
    form_model = 'player'
    form_fields = ['number']

    @staticmethod
    def vars_for_template(player: Player):
        return dict(nickname='Partner {}'.format(player.id_in_group))


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    pass


page_sequence = [Discuss, ResultsWaitPage, Results]
