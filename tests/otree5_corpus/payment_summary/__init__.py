from otree.api import *

doc = """
End of a session: a completion bonus for those who took part, then the payment page. Reads the
participant and session fields that earlier apps set.
"""


class C(BaseConstants):
    NAME_IN_URL = 'payment_summary'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1
    COMPLETION_BONUS = cu(150)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    rating = models.IntegerField(
        label="How clear were the instructions?",
        choices=[[1, 'Not clear'], [2, 'Somewhat clear'], [3, 'Very clear']],
        widget=widgets.RadioSelectHorizontal,
    )


# FUNCTIONS
def rating_choices(player: Player):
    if player.participant.consented:
        return [[1, 'Not clear'], [2, 'Somewhat clear'], [3, 'Very clear']]
    return [[0, 'I did not take part']]


# PAGES
class Feedback(Page):
    form_model = 'player'
    form_fields = ['rating']

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        if player.participant.consented:
            player.payoff = C.COMPLETION_BONUS


class Payment(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(summary=dict(consented=player.participant.consented, rating=player.rating,
                                 bonus=player.payoff))

    @staticmethod
    def js_vars(player: Player):
        return dict(bonus=player.payoff, treatment=player.session.treatment)


page_sequence = [Feedback, Payment]
