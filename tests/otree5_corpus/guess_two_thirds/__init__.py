from otree.api import *

doc = """
Guess two thirds of the average, over the whole session: everyone plays in groups of three,
but the target is computed once all groups have guessed (wait_for_all_groups).
"""


class C(BaseConstants):
    NAME_IN_URL = 'guess_two_thirds'
    PLAYERS_PER_GROUP = 3
    NUM_ROUNDS = 1
    GUESS_MAX = 100
    JACKPOT = cu(50)


class Subsession(BaseSubsession):
    two_thirds_avg = models.FloatField()
    best_guess = models.IntegerField()


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    guess = models.IntegerField(
        min=0, max=C.GUESS_MAX, label="Please pick a number from 0 to 100:"
    )
    is_winner = models.BooleanField(initial=False)


# FUNCTIONS
def set_winners(subsession: Subsession):
    players = subsession.get_players()
    guesses = [p.guess for p in players]
    subsession.two_thirds_avg = (2 / 3) * sum(guesses) / len(players)
    subsession.best_guess = min(guesses, key=lambda g: abs(g - subsession.two_thirds_avg))
    winners = [p for p in players if p.guess == subsession.best_guess]
    for p in winners:
        p.is_winner = True
        p.payoff = C.JACKPOT / len(winners)


# PAGES
class Guess(Page):
    form_model = 'player'
    form_fields = ['guess']


class ResultsWaitPage(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = 'set_winners'
    body_text = "Waiting for every group to guess."


class Results(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(
            distance=player.guess - player.subsession.best_guess,
            target=player.subsession.two_thirds_avg,
        )


page_sequence = [Guess, ResultsWaitPage, Results]
