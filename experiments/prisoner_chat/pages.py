from sessions_core.api import Page, WaitPage


class Decision(Page):
    form_model = 'player'
    form_fields = ['cooperate']

    def vars_for_template(self):
        # The chat's name for this player: the same in every round ({% chat nickname=... %}).
        return dict(nickname=f'Participant {self.player.id_in_group}')


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'
    body_text = 'Waiting for the other participant to decide.'


class Results(Page):
    def vars_for_template(self):
        return dict(other=self.player.other_player())


page_sequence = [Decision, ResultsWaitPage, Results]
