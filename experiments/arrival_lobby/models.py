"""Guess two thirds of the average, in groups of three formed as people arrive, with a lobby
timeout that releases whoever cannot be grouped in time."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models
from sessions_core.api import Currency as c

doc = """
Participants are grouped in threes in the order they reach the lobby. Each guesses a whole
number from 0 to 100; the guess closest to two thirds of the group's average wins the prize
(shared on a tie). Someone who waits in the lobby longer than the config key
"lobby_timeout_seconds" without a group is released with the show-up fee.
"""


class Constants(BaseConstants):
    name_in_url = 'arrival_lobby'
    players_per_group = 3
    num_rounds = 1

    prize = c(100)


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    two_thirds_avg = models.FloatField(doc='Two thirds of the average guess in the group')
    best_guess = models.IntegerField(doc='The guess closest to two thirds of the average')

    def set_payoffs(self):
        players = self.get_players()
        guesses = [p.guess for p in players]
        self.two_thirds_avg = round(2 / 3 * sum(guesses) / len(guesses), 2)
        self.best_guess = min(guesses, key=lambda guess: abs(guess - self.two_thirds_avg))
        winners = [p for p in players if p.guess == self.best_guess]
        for p in players:
            p.is_winner = p in winners
            p.payoff = Constants.prize / len(winners) if p.is_winner else c(0)


class Player(BasePlayer):
    guess = models.IntegerField(min=0, max=100, label='Your guess (0 to 100):')
    is_winner = models.BooleanField(initial=False, doc='Whether the guess won (or shared) the prize')
