from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Introduction(Page):
    def is_displayed(self):
        return self.round_number == 1


class Guess(Page):
    form_model = 'player'
    form_fields = ['guess']

    def vars_for_template(self):
        return dict(history=self.group.two_thirds_avg_history())


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    def vars_for_template(self):
        sorted_guesses = sorted(p.guess for p in self.group.get_players())
        rounds = self.player.in_all_rounds()
        return dict(
            sorted_guesses=sorted_guesses,
            total=sum(p.payoff for p in rounds),
            wins=len([p for p in rounds if p.is_winner]),
        )


page_sequence = [Introduction, Guess, ResultsWaitPage, Results]
