"""Test app: the page flow (is_displayed, hooks, wait pages, timeouts, app_after_this_page)."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'flowcheck'
    players_per_group = 2
    num_rounds = 2


def new_session(session):
    session.vars['new_session_calls'] = session.vars.get('new_session_calls', 0) + 1


def new_player(participant):
    participant.vars['new_player_id'] = participant.id_in_session


class Subsession(BaseSubsession):
    all_groups_hook_runs = models.IntegerField(initial=0)

    def creating_session(self):
        self.session.vars.setdefault('creating_session_rounds', []).append(self.round_number)

    def count_all_groups(self):
        self.all_groups_hook_runs += 1
        for p in self.get_players():
            p.participant.vars[f'all_groups_r{self.round_number}'] = True


class Group(BaseGroup):
    choice = models.IntegerField(min=0, max=9, label='Choice for the group')
    page_hook_runs = models.IntegerField(initial=0)
    group_hook_runs = models.IntegerField(initial=0)

    def count_group_hook(self):
        self.group_hook_runs += 1
        for p in self.get_players():
            p.participant.vars[f'group_hook_r{self.round_number}'] = self.id_in_subsession
        self.session.vars['group_hook_total'] = self.session.vars.get('group_hook_total', 0) + 1


class Player(BasePlayer):
    answer = models.IntegerField(min=0, max=100)
    timed_out = models.BooleanField()

    def role(self):
        return 'leader' if self.id_in_group == 1 else 'follower'
