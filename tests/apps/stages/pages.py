from sessions_core.api import Page

from .models import Constants


class Intro(Page):
    pass


class Trade(Page):
    form_model = 'player'
    form_fields = ['answer']
    start_together = True
    end_together = True
    group_play = 'open_trade'
    timeout_submission = {'answer': 0}

    def get_group_timeout_seconds(self):
        return self.session.config.get('trade_seconds', Constants.trade_seconds)

    def before_next_page(self):
        self.player.timed_out = self.timeout_happened


class Results(Page):
    pass


page_sequence = [Intro, Trade, Results]
