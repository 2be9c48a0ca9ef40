from otree.api import Currency as c, currency_range
from ._builtin import Page, WaitPage
from .models import Constants


class Produce(Page):
    form_model = 'player'
    form_fields = ['units']


class MarketWaitPage(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = 'close_markets'


class Results(Page):
    def vars_for_template(self):
        return dict(
            others_units=self.player.others_units(),
            price_history=self.session.vars['market_prices'],
        )


page_sequence = [Produce, MarketWaitPage, Results]
