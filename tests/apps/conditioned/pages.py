from sessions_core.api import Page


class Intro(Page):
    """The pre-questionnaire (round 1): its answer is the stratum of cond_stratum."""

    form_model = 'player'
    form_fields = ['answer']

    def is_displayed(self):
        return self.round_number == 1

    def before_next_page(self):
        self.participant.vars['answer'] = self.player.answer


class Show(Page):
    def vars_for_template(self):
        unit = getattr(self, self.session.config['read'])
        return {'condition': unit.condition}


page_sequence = [Intro, Show]
