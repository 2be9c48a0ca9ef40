from sessions_core.api import Page


class Start(Page):
    pass


page_sequence = [Start]
