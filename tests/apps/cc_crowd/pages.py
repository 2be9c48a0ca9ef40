from sessions_core.api import Page, WaitPage


class Arrive(Page):
    pass


class CrowdWait(WaitPage):
    after_all_players_arrive = 'everyone_arrived'


class Done(Page):
    pass


page_sequence = [Arrive, CrowdWait, Done]
