from sessions_core.api import Page
from tests.apps.cc_probe.probe import record


class Decide(Page):
    form_model = 'player'
    form_fields = ['choice']

    def before_next_page(self):
        record(self.session, 'decided', self.player.choice)


class Second(Page):
    pass


class Third(Page):
    pass


page_sequence = [Decide, Second, Third]
