from sessions_core.api import Page, WaitPage

from .models import Constants


class Send(Page):
    form_model = 'group'
    form_fields = ['sent_amount']

    def is_displayed(self):
        return self.player.id_in_group == 1


class SendBackWaitPage(WaitPage):
    body_text = 'Waiting for participant A to decide how much to send.'


class SendBack(Page):
    form_model = 'group'
    form_fields = ['sent_back_amount']

    def is_displayed(self):
        return self.player.id_in_group == 2

    def vars_for_template(self):
        return dict(tripled_amount=self.group.sent_amount * Constants.multiplier)

    def sent_back_amount_max(self):
        # The trustee can return at most what they received.
        return self.group.sent_amount * Constants.multiplier


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'
    body_text = 'Waiting for participant B to decide how much to send back.'


class Results(Page):
    def vars_for_template(self):
        return dict(tripled_amount=self.group.sent_amount * Constants.multiplier)


page_sequence = [Send, SendBackWaitPage, SendBack, ResultsWaitPage, Results]
