from sessions_core.api import Page, WaitPage


class Lobby(WaitPage):
    group_by_arrival_time = True

    def after_all_players_arrive(self):
        self.group.formed += 1


class Matched(Page):
    pass


page_sequence = [Lobby, Matched]
