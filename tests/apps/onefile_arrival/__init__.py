"""Test app in oTree 5's one-file format: grouping by arrival time, with
group_by_arrival_time_method(subsession, waiting_players) pairing participants of the same
colour (set in creating_session)."""
from sessions_core.api import *


class C(BaseConstants):
    NAME_IN_URL = 'onefile_arrival'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    color = models.StringField()


class Player(BasePlayer):
    pass


def creating_session(subsession: Subsession):
    for p in subsession.get_players():
        p.participant.vars['color'] = 'red' if p.participant.id_in_session % 2 else 'blue'


def group_by_arrival_time_method(subsession: Subsession, waiting_players):
    for color in ('red', 'blue'):
        same = [p for p in waiting_players if p.participant.vars['color'] == color]
        if len(same) >= 2:
            return same[:2]


def note_color(group: Group):
    group.color = group.get_players()[0].participant.vars['color']


class Lobby(WaitPage):
    group_by_arrival_time = True
    after_all_players_arrive = 'note_color'


class Together(Page):
    pass


page_sequence = [Lobby, Together]
