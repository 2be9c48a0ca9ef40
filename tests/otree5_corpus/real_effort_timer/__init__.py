import random

from otree.api import *

doc = """
Real-effort task under time pressure: count the zeros in a string of digits. The task page has a
timer (its seconds from the session config); a page left by the timer counts as unanswered.
"""


class C(BaseConstants):
    NAME_IN_URL = 'real_effort_timer'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 3
    DIGITS = 20
    PAY_PER_CORRECT = cu(10)
    INTRO_SECONDS = 120


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    digits = models.StringField()
    answer = models.IntegerField(label="How many zeros are there?", min=0, max=C.DIGITS)
    is_correct = models.BooleanField(initial=False)
    timed_out = models.BooleanField(initial=False)


# FUNCTIONS
def creating_session(subsession: Subsession):
    rng = random.Random(subsession.round_number)
    for player in subsession.get_players():
        player.digits = ''.join(rng.choice('0123') for _ in range(C.DIGITS))


# PAGES
class Introduction(Page):
    timeout_seconds = C.INTRO_SECONDS

    @staticmethod
    def is_displayed(player: Player):
        return player.round_number == 1


class Task(Page):
    form_model = 'player'
    form_fields = ['answer']

    @staticmethod
    def get_timeout_seconds(player: Player):
        return player.session.config.get('task_seconds', 60)

    @staticmethod
    def js_vars(player: Player):
        return dict(digits=player.digits, round=player.round_number)

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        if timeout_happened:
            player.timed_out = True
            return
        player.is_correct = player.answer == player.digits.count('0')
        if player.is_correct:
            player.payoff = C.PAY_PER_CORRECT


class Results(Page):
    @staticmethod
    def is_displayed(player: Player):
        return player.round_number == C.NUM_ROUNDS

    @staticmethod
    def vars_for_template(player: Player):
        rounds = player.in_all_rounds()
        return dict(
            rounds=rounds,
            correct=len([p for p in rounds if p.is_correct]),
            missed=len([p for p in rounds if p.timed_out]),
        )


page_sequence = [Introduction, Task, Results]
