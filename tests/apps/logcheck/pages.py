from sessions_core.api import Page, WaitPage


class Answer(Page):
    form_model = 'player'
    form_fields = ['answer']

    def vars_for_template(self):
        if self.participant.vars.get('log_views'):
            self.participant.log('viewed', None)
        return {}

    def before_next_page(self):
        self.participant.log('answer', {'value': self.player.answer, 'list': [1, 'two']})
        if self.player.answer == 13:
            raise RuntimeError('unlucky answer: the request fails after logging')


class Together(WaitPage):
    after_all_players_arrive = 'log_everyone'


page_sequence = [Answer, Together]
