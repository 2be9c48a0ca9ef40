from sessions_core.api import Page


class Answer(Page):
    form_model = 'player'
    form_fields = ['answer']


page_sequence = [Answer]
