"""Test app: bots that stop yielding before the end, as session.config['stop_mode'] says."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'botstop'
    players_per_group = 2
    num_rounds = 2


class Subsession(BaseSubsession):
    def note_all_arrived(self):
        self.session.vars['all_arrived'] = self.session.vars.get('all_arrived', 0) + 1


class Group(BaseGroup):
    total = models.IntegerField()

    def add_up(self):
        self.total = sum(p.number for p in self.get_players())


class Player(BasePlayer):
    number = models.IntegerField(min=0, max=9)
