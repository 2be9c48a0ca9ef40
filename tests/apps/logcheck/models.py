"""Test app: participant.log from page methods and a wait page's group hook."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'logcheck'
    players_per_group = 2
    num_rounds = 2


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    def log_everyone(self):
        for p in self.get_players():
            p.participant.log('group_done', {'round': self.round_number,
                                             'by_group': self.id_in_subsession})


class Player(BasePlayer):
    answer = models.IntegerField(min=0, max=100)
