import random

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
A single risky choice, made alone (groups of one): pick one of three lotteries with a button,
confirm it before the timer runs out, then the lottery is drawn.
"""


class Constants(BaseConstants):
    name_in_url = 'lottery'
    players_per_group = 1
    num_rounds = 1

    # name: (low prize, high prize, chance of the high prize in percent)
    lotteries = {
        'A': (c(40), c(40), 100),
        'B': (c(20), c(70), 50),
        'C': (c(0), c(150), 25),
    }


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    def draw(self):
        for p in self.get_players():
            low, high, chance = Constants.lotteries[p.lottery]
            p.won_high_prize = random.randint(1, 100) <= chance
            p.payoff = high if p.won_high_prize else low
            p.participant.vars['lottery_played'] = True


class Player(BasePlayer):
    lottery = models.StringField(choices=sorted(Constants.lotteries))
    confirmed = models.BooleanField(label='I confirm my choice')
    won_high_prize = models.BooleanField()
