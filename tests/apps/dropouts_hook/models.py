"""Test app for the on_dropout hook: when one of a pair drops out, the game ends for their
group and everyone in it is paid 50 points (the hook marks the group; the wait page pays)."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, models


class Constants(BaseConstants):
    name_in_url = 'dropouts_hook'
    players_per_group = 2
    num_rounds = 1
    everyone_paid = 50


def on_dropout(participant):
    participant.vars['dropped_out'] = True
    participant.vars['hook_calls'] = participant.vars.get('hook_calls', 0) + 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    ended = models.BooleanField(initial=False)

    def set_payoffs(self):
        players = self.get_players()
        self.ended = any(p.participant.vars.get('dropped_out') for p in players)
        for p in players:
            p.payoff = Constants.everyone_paid if self.ended else p.number


class Player(BasePlayer):
    number = models.IntegerField(min=1, max=9)
