from sessions_core.api import Currency as c
from sessions_core.api import Page


class Basics(Page):
    form_model = 'player'
    form_fields = ['number', 'flavour', 'nickname', 'essay', 'newsletter', 'price', 'likes_tea']


class Dynamic(Page):
    form_model = 'player'
    form_fields = ['bid', 'seat']

    def bid_min(self):
        return self.participant.vars['bid_floor']

    def bid_max(self):
        return self.participant.vars['bid_floor'] + 5

    def seat_choices(self):
        return [1, 2, 3] if self.participant.id_in_session == 1 else [7, 8, 9]


class Rules(Page):
    form_model = 'player'
    form_fields = ['even', 'left', 'right']

    def even_error_message(self, value):
        if value % 2:
            return 'Please enter an even number.'

    def error_message(self, values):
        if values['left'] + values['right'] != 10:
            return 'Left and right must add up to 10.'


class DictRules(Page):
    form_model = 'player'
    form_fields = ['low', 'high']

    def error_message(self, values):
        if values['high'] <= values['low']:
            return {'high': 'High must be above low.'}

    def before_next_page(self):
        self.player.payoff = c(25)


class Done(Page):
    pass


page_sequence = [Basics, Dynamic, Rules, DictRules, Done]
