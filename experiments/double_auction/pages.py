import time

from sessions_core.api import Page, WaitPage


class MarketWaitPage(WaitPage):
    """Everyone enters the market together: the market's one deadline is set here."""

    after_all_players_arrive = 'open_market'
    body_text = 'The market opens when every trader is here.'


class Market(Page):
    live_method = 'live_offer'

    def get_timeout_seconds(self):
        return self.group.closes_at - time.time()

    def vars_for_template(self):
        return dict(role=self.player.role())


class Results(Page):
    pass


page_sequence = [MarketWaitPage, Market, Results]
