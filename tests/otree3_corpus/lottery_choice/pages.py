from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Choice(Page):
    form_model = 'player'
    form_fields = ['lottery']

    def vars_for_template(self):
        rows = []
        for name, (low, high, chance) in sorted(Constants.lotteries.items()):
            rows.append(dict(name=name, low=low, high=high, chance=chance))
        return dict(rows=rows)


class Confirm(Page):
    form_model = 'player'
    form_fields = ['confirmed']
    timeout_seconds = 60
    timeout_submission = {'confirmed': False}

    def before_next_page(self):
        self.participant.vars['timed_out'] = self.timeout_happened


class DrawWaitPage(WaitPage):
    after_all_players_arrive = 'draw'


class Results(Page):
    def vars_for_template(self):
        return dict(timed_out=self.participant.vars['timed_out'])


page_sequence = [Choice, Confirm, DrawWaitPage, Results]
