from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Summary(Page):
    def vars_for_template(self):
        participant = self.participant
        return dict(
            total=participant.payoff,
            money=participant.payoff_plus_participation_fee(),
            played_lottery=participant.vars.get('lottery_played', False),
        )


class Feedback(Page):
    form_model = 'player'
    form_fields = ['feedback', 'clarity']

    def before_next_page(self):
        self.session.vars['feedback_count'] = self.session.vars.get('feedback_count', 0) + 1


class Thanks(Page):
    pass


page_sequence = [Summary, Feedback, Thanks]
