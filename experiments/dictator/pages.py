from sessions_core.api import Page, WaitPage

from .models import Constants


class Offer(Page):
    form_model = 'group'
    form_fields = ['kept']

    def is_displayed(self):
        return self.player.id_in_group == 1


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'
    body_text = 'Waiting for participant 1 to decide.'


class Results(Page):
    def vars_for_template(self):
        return dict(given=Constants.endowment - self.group.kept)


page_sequence = [Offer, ResultsWaitPage, Results]
