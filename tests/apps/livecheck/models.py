"""Test app: live pages (engine/live.py) and chat, in groups of 3."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'livecheck'
    players_per_group = 3
    num_rounds = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    highest = models.IntegerField(initial=0)
    bids = models.IntegerField(initial=0)

    def live_group_style(self, id_in_group, data):
        """oTree 3.0's form: a Group method given the sender's id_in_group."""
        return {id_in_group: {'group_style': data}}


class Player(BasePlayer):
    bid = models.IntegerField(initial=0)
    answer = models.IntegerField(blank=True)

    def live_bid(self, data):
        if data == 'boom':
            self.bid = -1
            self.group.bids += 100
            raise ValueError('the live method failed on purpose')
        if data == 'bad key':
            self.bid = -2
            return {9: 'nobody'}
        if data == 'not json':
            self.bid = -3
            return {0: object()}
        if data == 'only me':
            return {self.id_in_group: 'just you'}
        if data == 'nothing':
            return None
        amount = int(data['amount'])
        self.bid = amount
        group = self.group
        group.bids += 1
        group.highest = max(group.highest or 0, amount)
        return {0: {'highest': group.highest, 'by': self.id_in_group, 'bids': group.bids}}
