"""Test app in oTree 5's one-file format: C, models, hooks as functions, roles, two rounds of
pairs (partner matching from round 1), a wait page whose after_all_players_arrive names a
function of the group."""
from sessions_core.api import *


class C(BaseConstants):
    NAME_IN_URL = 'onefile_rounds'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 2
    SENDER_ROLE = 'Sender'
    RECEIVER_ROLE = 'Receiver'
    ENDOWMENT = cu(10)
    MULTIPLIER = 3


class Subsession(BaseSubsession):
    setup_runs = models.IntegerField(initial=0)


class Group(BaseGroup):
    sent = models.CurrencyField(min=0, max=C.ENDOWMENT, label='How much do you send?')
    payoff_runs = models.IntegerField(initial=0)


class Player(BasePlayer):
    partner_code = models.StringField()


# FUNCTIONS
def creating_session(subsession: Subsession):
    subsession.setup_runs += 1
    if subsession.round_number == 1:
        subsession.group_randomly(fixed_id_in_group=True)
    else:
        subsession.group_like_round(1)


def set_payoffs(group: Group):
    group.payoff_runs += 1
    sender = group.get_player_by_role(C.SENDER_ROLE)
    receiver = group.get_player_by_role(C.RECEIVER_ROLE)
    sender.payoff = C.ENDOWMENT - group.sent
    receiver.payoff = group.sent * C.MULTIPLIER
    for p in group.get_players():
        p.partner_code = p.get_others_in_group()[0].participant.code


# PAGES
class Send(Page):
    form_model = 'group'
    form_fields = ['sent']

    @staticmethod
    def is_displayed(player: Player):
        return player.role == C.SENDER_ROLE


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(partner=player.get_others_in_group()[0], total=player.participant.payoff)


page_sequence = [Send, ResultsWaitPage, Results]
