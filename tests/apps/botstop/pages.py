from sessions_core.api import Page, WaitPage


class Decide(Page):
    form_model = 'player'
    form_fields = ['number']


class Sync(WaitPage):
    after_all_players_arrive = 'add_up'


class AllSync(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = 'note_all_arrived'


class Results(Page):
    pass


page_sequence = [Decide, Sync, AllSync, Results]
