from sessions_core.api import Page


class Skippable(Page):
    def before_next_page(self):
        self.participant.vars['visited_flowskip'] = True


page_sequence = [Skippable]
