from sessions_core.api import Page, WaitPage

from .models import Constants


class Contribute(Page):
    form_model = 'player'
    form_fields = ['contribution']

    def vars_for_template(self):
        return dict(multiplier=self.session.config.get('multiplier', Constants.multiplier))


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'
    body_text = 'Waiting for the other members of your group to contribute.'


class Results(Page):
    def vars_for_template(self):
        return dict(
            kept=Constants.endowment - self.player.contribution,
            history=self.player.in_all_rounds(),
        )


page_sequence = [Contribute, ResultsWaitPage, Results]
