from sessions_core.api import Page


class Accept(Page):
    form_model = 'player'
    form_fields = ['offer_accepted']


class Hand(Page):
    form_model = 'player'
    form_fields = ['hand', 'note']


class Done(Page):
    pass


page_sequence = [Accept, Hand, Done]
