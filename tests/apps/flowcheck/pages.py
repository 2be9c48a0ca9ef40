from sessions_core.api import Page, WaitPage

from .models import Constants


class Intro(Page):
    def is_displayed(self):
        return self.round_number == 1

    def vars_for_template(self):
        return {'greeting': f'Hello participant {self.participant.id_in_session}'}

    def before_next_page(self):
        self.participant.vars['intro_seen'] = True
        for other in self.player.get_others_in_group():
            other.participant.vars['partner_saw_intro'] = self.participant.id_in_session
        self.session.vars.setdefault('intro_by', []).append(self.participant.id_in_session)


class Decide(Page):
    form_model = 'group'
    form_fields = ['choice']

    def is_displayed(self):
        return self.player.role() == 'leader'


class PageHookWait(WaitPage):
    def after_all_players_arrive(self):
        self.group.page_hook_runs += 1


class GroupHookWait(WaitPage):
    after_all_players_arrive = 'count_group_hook'


class AllGroupsWait(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = 'count_all_groups'


class Answer(Page):
    form_model = 'player'
    form_fields = ['answer']
    timeout_seconds = 60
    timeout_submission = {'answer': 42}

    def before_next_page(self):
        self.player.timed_out = self.timeout_happened


class Leave(Page):
    def app_after_this_page(self, upcoming_apps):
        # Odd participants skip flowskip after the last round.
        if self.round_number == Constants.num_rounds and self.participant.id_in_session % 2:
            return upcoming_apps[-1]


page_sequence = [Intro, Decide, PageHookWait, GroupHookWait, AllGroupsWait, Answer, Leave]
