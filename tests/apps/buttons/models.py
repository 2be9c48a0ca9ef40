"""Test app: answers given by clicking <button name=... value=...> inside the form."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'buttons'
    players_per_group = None
    num_rounds = 1
    hands = ['rock', 'paper', 'scissors']


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    offer_accepted = models.BooleanField()
    hand = models.StringField(choices=Constants.hands)
    note = models.StringField(blank=True)
