"""Test app: pages whose templates are written in oTree 5's syntax, in the app's own folder
(otree5_pages/Decide.html), found by the template name Quorum gives each page by default."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, Currency, models


class Constants(BaseConstants):
    name_in_url = 'otree5_pages'
    players_per_group = None
    num_rounds = 1
    ENDOWMENT = Currency(100)
    HANDS = ['rock', 'paper']


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    age = models.IntegerField(label='Your age', min=0, max=120)
    hand = models.StringField(choices=Constants.HANDS, label='Your hand')
    note = models.StringField(blank=True)

    def greeting(self):
        return f'Hello player {self.id_in_group}'
