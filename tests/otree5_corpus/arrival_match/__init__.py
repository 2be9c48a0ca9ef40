from otree.api import *

doc = """
Matching by arrival time: each participant picks a team colour, and the wait page forms pairs of
the same colour in the order they arrive (group_by_arrival_time_method). The colour is kept as a
participant field.
"""


class C(BaseConstants):
    NAME_IN_URL = 'arrival_match'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1
    COLORS = ['red', 'blue']


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    color = models.StringField(choices=C.COLORS, widget=widgets.RadioSelect, label="Your team")
    effort = models.IntegerField(min=0, max=10, label="Your effort (0 to 10)")


# FUNCTIONS
def group_by_arrival_time_method(subsession: Subsession, waiting_players):
    for color in C.COLORS:
        same = [p for p in waiting_players if p.participant.team == color]
        if len(same) >= 2:
            return same[:2]


def effort_min(player: Player):
    # the red team must put in at least 1
    return 1 if player.participant.team == 'red' else 0


def set_payoffs(group: Group):
    players = group.get_players()
    total = sum(p.effort for p in players)
    for p in players:
        p.payoff = cu(total - p.effort)


# PAGES
class ChooseTeam(Page):
    form_model = 'player'
    form_fields = ['color']

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        player.participant.team = player.color


class Lobby(WaitPage):
    group_by_arrival_time = True
    title_text = "Finding a partner"
    body_text = "You will be paired with the next participant of your team."


class Effort(Page):
    form_model = 'player'
    form_fields = ['effort']

    @staticmethod
    def vars_for_template(player: Player):
        return dict(partner=player.get_others_in_group()[0])


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_payoffs


class Results(Page):
    pass


page_sequence = [ChooseTeam, Lobby, Effort, ResultsWaitPage, Results]
