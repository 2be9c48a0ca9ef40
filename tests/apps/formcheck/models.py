"""Test app: every kind of form field and validation rule a page can have."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models, widgets
from sessions_core.api import Currency as c


class Constants(BaseConstants):
    name_in_url = 'formcheck'
    players_per_group = None
    num_rounds = 1

    price_cap = c(50)


def new_player(participant):
    # The dynamic bounds of the Dynamic page differ per participant.
    participant.vars['bid_floor'] = 10 * participant.id_in_session


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    number = models.IntegerField(min=1, max=10, label='Pick a number')
    flavour = models.StringField(choices=['vanilla', 'chocolate'], label='Flavour')
    nickname = models.StringField(blank=True, label='Nickname (optional)')
    essay = models.LongStringField(label='Essay')
    newsletter = models.BooleanField(widget=widgets.CheckboxInput, blank=True)
    price = models.CurrencyField(min=0, max=Constants.price_cap)
    likes_tea = models.BooleanField(label='Do you like tea?')

    bid = models.IntegerField(label='Your bid')
    seat = models.IntegerField(label='Your seat')

    even = models.IntegerField(label='An even number')
    left = models.IntegerField()
    right = models.IntegerField()

    low = models.IntegerField()
    high = models.IntegerField()
