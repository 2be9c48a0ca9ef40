from sessions_core.api import Page


class End(Page):
    pass


page_sequence = [End]
