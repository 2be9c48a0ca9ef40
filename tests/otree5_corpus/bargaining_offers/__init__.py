from otree.api import *

doc = """
Ultimatum bargaining over a pie: the proposer's offers come from a list that depends on the
session config (offer_choices), a few offers are refused with a message (offer_error_message,
error_message), and the responder accepts or rejects.
"""


class C(BaseConstants):
    NAME_IN_URL = 'bargaining_offers'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1
    PIE = cu(100)
    PROPOSER_ROLE = 'Proposer'
    RESPONDER_ROLE = 'Responder'


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    accepted = models.BooleanField(
        label="Do you accept the offer?",
        choices=[[True, 'Accept'], [False, 'Reject']],
        widget=widgets.RadioSelectHorizontal,
    )


class Player(BasePlayer):
    offer = models.CurrencyField(label="How much do you offer to the responder?")
    note = models.StringField(blank=True)


# FUNCTIONS
def offer_choices(player: Player):
    step = player.session.config.get('offer_step', 10)
    return currency_range(0, C.PIE, step)


def offer_error_message(player: Player, value):
    if value == C.PIE:
        return "You must keep something for yourself."


def set_payoffs(group: Group):
    proposer = group.get_player_by_role(C.PROPOSER_ROLE)
    responder = group.get_player_by_role(C.RESPONDER_ROLE)
    if group.accepted:
        proposer.payoff = C.PIE - proposer.offer
        responder.payoff = proposer.offer
    else:
        proposer.payoff = cu(0)
        responder.payoff = cu(0)


# PAGES
class Offer(Page):
    form_model = 'player'
    form_fields = ['offer', 'note']

    @staticmethod
    def is_displayed(player: Player):
        return player.role == C.PROPOSER_ROLE

    @staticmethod
    def vars_for_template(player: Player):
        return dict(step=player.session.config.get('offer_step', 10))

    @staticmethod
    def error_message(player: Player, values):
        if values['offer'] == 0 and not values['note']:
            return "Please explain an offer of nothing in the note."


class OfferWaitPage(WaitPage):
    pass


class Respond(Page):
    form_model = 'group'
    form_fields = ['accepted']

    @staticmethod
    def is_displayed(player: Player):
        return player.role == C.RESPONDER_ROLE

    @staticmethod
    def vars_for_template(player: Player):
        return dict(proposer=player.group.get_player_by_role(C.PROPOSER_ROLE))


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_payoffs


class Results(Page):
    pass


page_sequence = [Offer, OfferWaitPage, Respond, ResultsWaitPage, Results]
