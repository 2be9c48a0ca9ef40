from ._builtin import Page


class Comments(Page):
    form_model = 'player'
    form_fields = ['comment']


page_sequence = [Comments]
