from sessions_core.api import Page


class Record(Page):
    form_model = 'player'
    form_fields = ['case_name']


page_sequence = [Record]
