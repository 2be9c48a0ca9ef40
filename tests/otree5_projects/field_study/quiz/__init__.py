from otree.api import *

doc = """
A two-question quiz; the score is kept in a participant field, and the session counts answers.
"""


class C(BaseConstants):
    NAME_IN_URL = 'quiz'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1
    CAPITAL_OF_FRANCE = 'Paris'


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    capital = models.StringField(label="What is the capital of France?")
    seven_times_six = models.IntegerField(label="What is 7 times 6?")


def creating_session(subsession: Subsession):
    subsession.session.quiz_answers_given = 0


class Quiz(Page):
    form_model = 'player'
    form_fields = ['capital', 'seven_times_six']

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        participant = player.participant
        participant.quiz_score = int(player.capital == C.CAPITAL_OF_FRANCE) + int(
            player.seven_times_six == 42
        )
        participant.finished_quiz = True
        player.payoff = participant.quiz_score * player.session.config['quiz_bonus']
        player.session.quiz_answers_given += 2


class Score(Page):
    pass


page_sequence = [Quiz, Score]
