"""Test app for the lab manager's pages: config keys of every type, a SessionType with a
completion link, and a creating_session that notes the initialization's progress as it runs
(or fails when session.config['fail_in_creating_session'] says so)."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models
from sessions_core.lifecycle.progress import initialization_progress


class Constants(BaseConstants):
    name_in_url = 'admincheck'
    players_per_group = None
    num_rounds = 2


class Subsession(BaseSubsession):
    def creating_session(self):
        if self.session.config.get('fail_in_creating_session'):
            raise ValueError('creating_session failed on purpose')
        seen = self.session.vars.setdefault('progress_seen', [])
        seen.append(initialization_progress(self.session.name))


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    answer = models.IntegerField(min=0, max=10)
