"""Everyone in one group (players_per_group = None) meets at one wait page."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession
from tests.apps.cc_probe.probe import record


class Constants(BaseConstants):
    name_in_url = 'cc_crowd'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    def everyone_arrived(self):
        record(self.session, 'crowd_opened', self.id_in_subsession)


class Player(BasePlayer):
    pass
