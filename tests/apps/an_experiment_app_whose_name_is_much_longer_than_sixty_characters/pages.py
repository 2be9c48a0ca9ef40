from sessions_core.api import Page, WaitPage


class Give(Page):
    form_model = 'player'
    form_fields = ['amount']


class Together(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    pass


page_sequence = [Give, Together, Results]
