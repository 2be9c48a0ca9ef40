from sessions_core.api import Page, WaitPage


class Choose(Page):
    form_model = 'player'
    form_fields = ['number']

    def before_next_page(self):
        self.player.timed_out = self.timeout_happened


class Together(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    pass


page_sequence = [Choose, Together, Results]
