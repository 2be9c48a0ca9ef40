"""Test app in oTree 5's one-file format: hooks as functions. creating_session(subsession);
after_all_players_arrive given as a function (of the group) and as a function's name with
wait_for_all_groups (of the subsession); a wait page's is_displayed(player);
vars_for_admin_report(subsession). Its bots stop before the last page (finished, not failed)."""
from sessions_core.api import *


class C(BaseConstants):
    NAME_IN_URL = 'onefile_hooks'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    rank_runs = models.IntegerField(initial=0)


class Group(BaseGroup):
    total = models.IntegerField(initial=0)
    sum_runs = models.IntegerField(initial=0)


class Player(BasePlayer):
    number = models.IntegerField(min=0, max=100)
    rank = models.IntegerField()


def creating_session(subsession: Subsession):
    subsession.session.vars['created_rounds'] = [
        *subsession.session.vars.get('created_rounds', []), subsession.round_number]


def sum_numbers(group: Group):
    group.sum_runs += 1
    group.total = sum(p.number for p in group.get_players())


def rank_everyone(subsession: Subsession):
    subsession.rank_runs += 1
    players = sorted(subsession.get_players(), key=lambda p: (p.number, p.id_in_subsession))
    for rank, player in enumerate(players, start=1):
        player.rank = rank


def never(group: Group):
    raise AssertionError('a wait page not displayed to anyone ran its hook')


def vars_for_admin_report(subsession: Subsession):
    return dict(numbers=sorted(p.number or 0 for p in subsession.get_players()))


class Decide(Page):
    form_model = 'player'
    form_fields = ['number']


class GroupWait(WaitPage):
    after_all_players_arrive = sum_numbers


class AllGroupsWait(WaitPage):
    wait_for_all_groups = True
    after_all_players_arrive = 'rank_everyone'
    title_text = 'Ranking'
    body_text = 'Waiting for every group.'


class NobodysWait(WaitPage):
    after_all_players_arrive = 'never'

    @staticmethod
    def is_displayed(player: Player):
        return False


class Results(Page):
    pass


page_sequence = [Decide, GroupWait, AllGroupsWait, NobodysWait, Results]
