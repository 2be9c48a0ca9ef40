from sessions_core.api import Page, WaitPage


class Start(Page):
    pass


class A(WaitPage):
    after_all_players_arrive = 'count'


class B(WaitPage):
    after_all_players_arrive = 'count'


class C(WaitPage):
    after_all_players_arrive = 'count'


class D(WaitPage):
    after_all_players_arrive = 'count'


class Done(Page):
    pass


page_sequence = [Start, A, B, C, D, Done]
