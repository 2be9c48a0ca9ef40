from sessions_core.api import Page


class First(Page):
    form_model = 'player'
    form_fields = ['answer']


class Last(Page):
    pass


page_sequence = [First, Last]
