from sessions_core.api import Page


class Decide(Page):
    form_model = 'player'
    form_fields = ['age', 'hand', 'note']

    def vars_for_template(self):
        return {'shares': {'you': 0.3333, 'them': 2.5}, 'markup': '<em>as written</em>'}


class Results(Page):
    pass


page_sequence = [Decide, Results]
