from sessions_core.api import Page


class PlayerRules(Page):
    form_model = 'player'
    form_fields = ['guess', 'colour', 'word', 'capped']

    def capped_max(self):
        return 50


class GroupRules(Page):
    form_model = 'group'
    form_fields = ['price']


class Done(Page):
    pass


page_sequence = [PlayerRules, GroupRules, Done]
