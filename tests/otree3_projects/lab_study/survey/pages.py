from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Questions(Page):
    form_model = 'player'
    form_fields = ['age', 'satisfaction']

    def satisfaction_max(self):
        return self.session.config['scale_max']

    def vars_for_template(self):
        return dict(scale_max=self.session.config['scale_max'])


page_sequence = [Questions]
