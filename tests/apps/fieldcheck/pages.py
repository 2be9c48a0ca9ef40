from sessions_core.api import Page, WaitPage

from .models import Offer


class Propose(Page):
    form_model = 'player'
    form_fields = ['amount']

    def before_next_page(self):
        self.player.record_offer()


class Settle(WaitPage):
    after_all_players_arrive = 'settle'


class Results(Page):
    def vars_for_template(self):
        return {'offers': Offer.filter(player=self.player),
                'offers_made': self.participant.offers_made}


page_sequence = [Propose, Settle, Results]
