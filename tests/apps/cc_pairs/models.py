"""Groups of two; the session config picks a per-group barrier or one for all groups."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession
from tests.apps.cc_probe.probe import record


class Constants(BaseConstants):
    name_in_url = 'cc_pairs'
    players_per_group = 2
    num_rounds = 1


class Subsession(BaseSubsession):
    def all_groups_arrived(self):
        record(self.session, 'all_groups_opened', self.round_number)


class Group(BaseGroup):
    def pair_arrived(self):
        record(self.session, 'pair_opened', self.id_in_subsession)


class Player(BasePlayer):
    pass
