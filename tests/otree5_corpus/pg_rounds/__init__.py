from otree.api import *

doc = """
Public goods game over three rounds in fixed groups of three (partner matching): the groups drawn
at random in round 1 stay together, each member keeping their id in the group.
"""


class C(BaseConstants):
    NAME_IN_URL = 'pg_rounds'
    PLAYERS_PER_GROUP = 3
    NUM_ROUNDS = 3
    ENDOWMENT = cu(20)
    MULTIPLIER = 2


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    total_contribution = models.CurrencyField()
    individual_share = models.CurrencyField()
    average_contribution = models.FloatField()


class Player(BasePlayer):
    contribution = models.CurrencyField(min=0, label="How much will you contribute to the project?")


# FUNCTIONS
def creating_session(subsession: Subsession):
    if subsession.round_number == 1:
        subsession.group_randomly(fixed_id_in_group=True)
    else:
        subsession.group_like_round(1)


def contribution_max(player: Player):
    return C.ENDOWMENT


def set_payoffs(group: Group):
    players = group.get_players()
    group.total_contribution = sum(p.contribution for p in players)
    group.individual_share = group.total_contribution * C.MULTIPLIER / C.PLAYERS_PER_GROUP
    group.average_contribution = float(group.total_contribution) / C.PLAYERS_PER_GROUP
    for p in players:
        p.payoff = C.ENDOWMENT - p.contribution + group.individual_share


# PAGES
class Introduction(Page):
    @staticmethod
    def is_displayed(player: Player):
        return player.round_number == 1


class StartWaitPage(WaitPage):
    body_text = "The game starts when your whole group has read the introduction."

    @staticmethod
    def is_displayed(player: Player):
        return player.round_number == 1


class Contribute(Page):
    form_model = 'player'
    form_fields = ['contribution']

    @staticmethod
    def vars_for_template(player: Player):
        return dict(partners=player.get_others_in_group())


class ResultsWaitPage(WaitPage):
    title_text = "Waiting for your group"

    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(
            history=player.in_all_rounds(),
            earned_so_far=sum(p.payoff for p in player.in_all_rounds()),
        )


page_sequence = [Introduction, StartWaitPage, Contribute, ResultsWaitPage, Results]
