from otree.api import *

doc = """
Trust game with roles: the investor sends part of an endowment, the amount is multiplied, and
the trustee decides how much to return (at most what arrived).
"""


class C(BaseConstants):
    NAME_IN_URL = 'invest_trust'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1
    ENDOWMENT = cu(100)
    MULTIPLIER = 3
    INVESTOR_ROLE = 'Investor'
    TRUSTEE_ROLE = 'Trustee'


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    sent_amount = models.CurrencyField(
        min=0, max=C.ENDOWMENT, label="How much do you send to the trustee?"
    )
    sent_back_amount = models.CurrencyField(
        min=0, label="How much do you return to the investor?"
    )


class Player(BasePlayer):
    pass


# FUNCTIONS
def sent_back_amount_max(group: Group):
    return group.sent_amount * C.MULTIPLIER


def set_payoffs(group: Group):
    investor = group.get_player_by_role(C.INVESTOR_ROLE)
    trustee = group.get_player_by_role(C.TRUSTEE_ROLE)
    investor.payoff = C.ENDOWMENT - group.sent_amount + group.sent_back_amount
    trustee.payoff = group.sent_amount * C.MULTIPLIER - group.sent_back_amount


# PAGES
class Send(Page):
    form_model = 'group'
    form_fields = ['sent_amount']

    @staticmethod
    def is_displayed(player: Player):
        return player.role == C.INVESTOR_ROLE


class SendBackWaitPage(WaitPage):
    title_text = "Waiting for the investor"
    body_text = "The investor is deciding how much to send."


class SendBack(Page):
    form_model = 'group'
    form_fields = ['sent_back_amount']

    @staticmethod
    def is_displayed(player: Player):
        return player.role == C.TRUSTEE_ROLE

    @staticmethod
    def vars_for_template(player: Player):
        return dict(tripled_amount=player.group.sent_amount * C.MULTIPLIER)


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_payoffs


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(tripled_amount=player.group.sent_amount * C.MULTIPLIER)


page_sequence = [Send, SendBackWaitPage, SendBack, ResultsWaitPage, Results]
