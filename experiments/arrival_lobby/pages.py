from sessions_core.api import Page, WaitPage


class Lobby(WaitPage):
    group_by_arrival_time = True
    # The SessionType's config key lobby_timeout_seconds, when set, wins over this.
    lobby_timeout_seconds = 300
    lobby_timeout_message = ('Not enough participants arrived in time to form a group of '
                             'three. Thank you for waiting: you will be paid the show-up fee.')
    title_text = 'Waiting for a group'
    body_text = 'You will be grouped with the next two participants who arrive.'


class Guess(Page):
    form_model = 'player'
    form_fields = ['guess']


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = 'set_payoffs'
    body_text = 'Waiting for the others in your group to guess.'


class Results(Page):
    def vars_for_template(self):
        return dict(guesses=sorted(p.guess for p in self.group.get_players()))


page_sequence = [Lobby, Guess, ResultsWaitPage, Results]
