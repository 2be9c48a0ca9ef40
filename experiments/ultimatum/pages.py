from sessions_core.api import Page, WaitPage

from .models import Constants


class Offer(Page):
    form_model = 'group'
    form_fields = ['offer']

    def is_displayed(self):
        return self.player.role() == 'Proposer'


class OfferWaitPage(WaitPage):
    body_text = 'Waiting for the proposer to make an offer.'


class Respond(Page):
    form_model = 'group'
    form_fields = ['accepted']

    def is_displayed(self):
        return self.player.role() == 'Responder'

    def vars_for_template(self):
        return dict(proposer_keeps=Constants.pie - self.group.offer)


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'
    body_text = 'Waiting for the responder to decide.'


class Results(Page):
    def vars_for_template(self):
        return dict(proposer_keeps=Constants.pie - self.group.offer)


page_sequence = [Offer, OfferWaitPage, Respond, ResultsWaitPage, Results]
