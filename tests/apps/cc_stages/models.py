"""Groups of five with two group stages: Loose (no barrier: the first member to land starts
it) and Together (start_together: the last arrival starts it); each group_play is probed."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession
from tests.apps.cc_probe.probe import record


class Constants(BaseConstants):
    name_in_url = 'cc_stages'
    players_per_group = 5
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    def loose_started(self):
        record(self.session, 'loose_started', self.id_in_subsession)

    def together_started(self):
        record(self.session, 'together_started', self.id_in_subsession)


class Player(BasePlayer):
    pass
