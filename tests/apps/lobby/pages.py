from sessions_core.api import Currency as c
from sessions_core.api import Page, WaitPage


class Intro(Page):
    def before_next_page(self):
        # Points earned before the lobby: a released participant is not paid for them.
        self.player.payoff = c(30)


class Lobby(WaitPage):
    group_by_arrival_time = True
    lobby_timeout_seconds = 60

    def after_all_players_arrive(self):
        self.group.formed += 1


class Matched(Page):
    pass


page_sequence = [Intro, Lobby, Matched]
