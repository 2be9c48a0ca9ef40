from sessions_core.api import Page, WaitPage


class Arrive(Page):
    pass


class PairWait(WaitPage):
    after_all_players_arrive = 'pair_arrived'

    def is_displayed(self):
        return self.session.config['barrier'] == 'group'


class AllGroupsWait(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = 'all_groups_arrived'

    def is_displayed(self):
        return self.session.config['barrier'] == 'all_groups'


class Done(Page):
    pass


page_sequence = [Arrive, PairWait, AllGroupsWait, Done]
