from otree.api import (
    models,
    widgets,
    BaseConstants,
    BaseSubsession,
    BaseGroup,
    BasePlayer,
    Currency as c,
    currency_range,
)

author = 'Quorum test corpus'

doc = """
Guess two thirds of the average: everyone in the session plays together for three rounds. The
guess closest to two thirds of the average wins the prize (split between ties).
"""


class Constants(BaseConstants):
    name_in_url = 'beauty'
    players_per_group = None
    num_rounds = 3

    guess_max = 100
    prize = c(40)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    two_thirds_avg = models.FloatField()
    best_guess = models.IntegerField()
    num_winners = models.IntegerField()

    def set_payoffs(self):
        players = self.get_players()
        guesses = [p.guess for p in players]
        self.two_thirds_avg = (2 / 3) * sum(guesses) / len(players)
        self.best_guess = min(guesses, key=lambda guess: abs(guess - self.two_thirds_avg))
        winners = [p for p in players if p.guess == self.best_guess]
        self.num_winners = len(winners)
        for p in winners:
            p.is_winner = True
            p.payoff = Constants.prize / self.num_winners

    def two_thirds_avg_history(self):
        return [g.two_thirds_avg for g in self.in_previous_rounds()]


class Player(BasePlayer):
    guess = models.IntegerField(min=0, max=Constants.guess_max)
    is_winner = models.BooleanField(initial=False)
