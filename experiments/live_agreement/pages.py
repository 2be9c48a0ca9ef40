from sessions_core.api import Page, WaitPage


class Bargain(Page):
    live_method = 'live_propose'


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'


class Results(Page):
    pass


page_sequence = [Bargain, ResultsWaitPage, Results]
