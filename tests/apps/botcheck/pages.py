from sessions_core.api import Page


class First(Page):
    form_model = 'player'
    form_fields = ['value']


class Second(Page):
    pass


page_sequence = [First, Second]
