from sessions_core.api import Page, WaitPage


class Bid(Page):
    live_method = 'live_bid'


class Echo(Page):
    """A page's own live method, answering every player of the subsession."""

    live_scope = 'subsession'

    def live_method(self, data):
        return {0: {'from': self.player.id_in_subsession, 'data': data}}


class GroupStyle(Page):
    live_method = 'live_group_style'


class Chat(Page):
    form_model = 'player'
    form_fields = ['answer']


class Plain(Page):
    pass


class End(WaitPage):
    pass


page_sequence = [Bid, Echo, GroupStyle, Chat, Plain, End]
