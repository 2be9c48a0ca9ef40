from sessions_core.api import Page

from .models import Constants


class Market(Page):
    """A group stage: nobody trades before every trader is here (start_together), and the
    market closes for everyone at once when the group timer, started then, runs out."""

    live_method = 'live_offer'
    start_together = True

    def get_group_timeout_seconds(self):
        return self.session.config.get('market_seconds', Constants.market_seconds)

    def vars_for_template(self):
        return dict(role=self.player.role())


class Results(Page):
    pass


page_sequence = [Market, Results]
