from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Contribute(Page):
    form_model = 'player'
    form_fields = ['contribution']

    def vars_for_template(self):
        return dict(multiplier_text='{:.1f}'.format(Constants.multiplier))


class ContributionWaitPage(WaitPage):
    after_all_players_arrive = 'set_shares'
    body_text = 'Waiting for the other members of your group to contribute.'


class Punish(Page):
    form_model = 'player'

    def is_displayed(self):
        return self.group.someone_free_rode()

    def get_form_fields(self):
        return ['punish_p{}'.format(p.id_in_group) for p in self.player.get_others_in_group()]

    def error_message(self, values):
        if sum(values.values()) > Constants.max_punishment:
            return 'You can assign at most {} points in total.'.format(Constants.max_punishment)


class PunishmentWaitPage(WaitPage):
    def after_all_players_arrive(self):
        self.group.set_payoffs()


class AllGroupsWaitPage(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = 'set_average_contribution'


class Results(Page):
    def vars_for_template(self):
        return dict(
            others=self.player.get_others_in_group(),
            cost=self.player.payoff - self.player.earnings_before_punishment,
        )


class FinalResults(Page):
    def is_displayed(self):
        return self.round_number == Constants.num_rounds

    def vars_for_template(self):
        rounds = self.player.in_all_rounds()
        return dict(rounds=rounds, total=sum(p.payoff for p in rounds))


page_sequence = [
    Contribute,
    ContributionWaitPage,
    Punish,
    PunishmentWaitPage,
    AllGroupsWaitPage,
    Results,
    FinalResults,
]
