from sessions_core.api import Page


class Welcome(Page):
    pass


page_sequence = [Welcome]
