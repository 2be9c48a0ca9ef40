"""Test app: a first page and a last one, for sessions with a quorum (engine/quorum.py)."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'quorumlobby'
    players_per_group = None
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    answer = models.IntegerField(min=0, max=9)


def new_player(participant):
    # Counted by the tests: new_player runs once per participant, when they start.
    participant.vars['started_by_new_player'] = participant.vars.get('started_by_new_player', 0) + 1
