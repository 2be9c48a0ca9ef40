from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Decision(Page):
    form_model = 'player'
    form_fields = ['volunteer']


class GroupWaitPage(WaitPage):
    def after_all_players_arrive(self):
        self.group.set_payoffs()


class SessionWaitPage(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = 'record_volunteer_rate'


class Results(Page):
    def vars_for_template(self):
        return dict(rate_percent=int(100 * self.session.vars['volunteer_rate']))


page_sequence = [Decision, GroupWaitPage, SessionWaitPage, Results]
