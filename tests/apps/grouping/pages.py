from sessions_core.api import Page


class Only(Page):
    pass


page_sequence = [Only]
