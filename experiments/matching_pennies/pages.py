from sessions_core.api import Page, WaitPage

from .models import Constants


class Choice(Page):
    form_model = 'player'
    form_fields = ['penny_side']

    def vars_for_template(self):
        return dict(history=self.player.in_previous_rounds())


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'
    body_text = 'Waiting for the other participant to choose.'


class Results(Page):
    def vars_for_template(self):
        return dict(other=self.player.get_others_in_group()[0])


class FinalResults(Page):
    def is_displayed(self):
        return self.round_number == Constants.num_rounds

    def vars_for_template(self):
        paying_round = self.participant.vars['paying_round']
        return dict(paying_round=paying_round, paid_player=self.player.in_round(paying_round))


page_sequence = [Choice, ResultsWaitPage, Results, FinalResults]
