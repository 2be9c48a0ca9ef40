"""Test app: three rounds in pairs, for the group matrix API (no regrouping of its own)."""
from sessions_core.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession


class Constants(BaseConstants):
    name_in_url = 'grouping'
    players_per_group = 2
    num_rounds = 3


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    def role(self):
        # Deliberately not in id_in_group order, so get_player_by_role must ask role().
        return 'seller' if self.id_in_group == 2 else 'buyer'
