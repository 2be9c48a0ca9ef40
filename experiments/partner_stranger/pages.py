from sessions_core.api import Page, WaitPage

from .models import Constants, matching_of


class Invest(Page):
    form_model = 'group'
    form_fields = ['sent_amount']

    def is_displayed(self):
        return self.player.role() == Constants.investor_role

    def vars_for_template(self):
        return dict(matching=matching_of(self.session), same=self.player.same_partner_as_last_round())


class WaitForInvestor(WaitPage):
    body_text = 'Waiting for the Investor of your pair to decide.'


class Return(Page):
    form_model = 'group'
    form_fields = ['sent_back_amount']

    def is_displayed(self):
        return self.player.role() == Constants.trustee_role

    def vars_for_template(self):
        return dict(received=self.group.sent_amount * Constants.multiplier,
                    matching=matching_of(self.session), same=self.player.same_partner_as_last_round())

    def sent_back_amount_max(self):
        return self.group.sent_amount * Constants.multiplier


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'
    body_text = 'Waiting for the Trustee of your pair to decide.'


class Results(Page):
    def vars_for_template(self):
        return dict(received=self.group.sent_amount * Constants.multiplier,
                    history=self.player.in_all_rounds())


page_sequence = [Invest, WaitForInvestor, Return, ResultsWaitPage, Results]
