from sessions_core.api import Page


class Arrive(Page):
    pass


class Loose(Page):
    group_play = 'loose_started'
    group_timeout_seconds = 600


class Together(Page):
    start_together = True
    group_play = 'together_started'


class Done(Page):
    pass


page_sequence = [Arrive, Loose, Together, Done]
