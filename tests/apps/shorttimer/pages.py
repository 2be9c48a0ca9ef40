from sessions_core.api import Page


class Quick(Page):
    form_model = 'player'
    form_fields = ['word', 'number']
    timeout_seconds = 2

    def before_next_page(self):
        self.player.timed_out = self.timeout_happened


class After(Page):
    pass


page_sequence = [Quick, After]
