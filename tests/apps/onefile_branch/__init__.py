"""Test app in oTree 5's one-file format: app_after_this_page(player, upcoming_apps), in a
SessionType that mixes it with oTree 3 apps (flowskip, flowend) and onefile_rounds."""
from sessions_core.api import *


class C(BaseConstants):
    NAME_IN_URL = 'onefile_branch'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    pass


class Branch(Page):
    @staticmethod
    def app_after_this_page(player: Player, upcoming_apps):
        if player.participant.id_in_session % 2:
            return 'flowend'  # odd participants skip flowskip (an oTree 3 app)


page_sequence = [Branch]
