"""Three rounds in pairs, with every initialization hook recorded."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession
from tests.apps.cc_probe.probe import record


class Constants(BaseConstants):
    name_in_url = 'cc_rounds'
    players_per_group = 2
    num_rounds = 3


class Subsession(BaseSubsession):
    def creating_session(self):
        record(self.session, 'creating_session', self.round_number)


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    pass


def new_session(session):
    record(session, 'new_session')


def new_player(participant):
    record(participant.session, 'new_player', participant.name)
