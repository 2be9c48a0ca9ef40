"""Test app in oTree 5's one-file format: form rules as functions of the app
(<field>_min/_max/_choices(player), <field>_error_message(player, value), and of the group
for form_model = 'group') and page methods as static methods taking the player (is_displayed,
vars_for_template, js_vars, get_form_fields, error_message, before_next_page with
timeout_happened, get_timeout_seconds)."""
from sessions_core.api import *


class C(BaseConstants):
    NAME_IN_URL = 'onefile_forms'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1
    BASE_BUDGET = 3


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    shared = models.IntegerField(label='A number for the group')


class Player(BasePlayer):
    budget = models.IntegerField()
    amount = models.IntegerField()
    color = models.StringField()
    guess = models.IntegerField()
    bonus = models.IntegerField(blank=True)
    answer = models.IntegerField()
    timed_out = models.BooleanField(initial=False)


def creating_session(subsession: Subsession):
    for p in subsession.get_players():
        p.budget = C.BASE_BUDGET + p.id_in_subsession


def amount_min(player: Player):
    return 1


def amount_max(player: Player):
    return player.budget


def color_choices(player: Player):
    return ['red', 'blue'] if player.id_in_subsession == 1 else [['green', 'Green'], ['gray', 'Gray']]


def guess_error_message(player: Player, value):
    if value % 2:
        return 'Guess an even number'


def shared_max(group: Group):
    return len(group.get_players()) + 5


class Choose(Page):
    form_model = 'player'

    @staticmethod
    def get_form_fields(player: Player):
        fields = ['amount', 'color', 'guess']
        if player.id_in_subsession == 2:
            fields.append('bonus')
        return fields

    @staticmethod
    def error_message(player: Player, values):
        if values['amount'] == values['guess']:
            return 'The amount and the guess must differ'

    @staticmethod
    def vars_for_template(player: Player):
        return dict(budget=player.budget)

    @staticmethod
    def js_vars(player: Player):
        return dict(budget=player.budget, player=player.id_in_subsession)

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        player.participant.vars['chose'] = player.amount


class Share(Page):
    form_model = 'group'
    form_fields = ['shared']

    @staticmethod
    def is_displayed(player: Player):
        return player.id_in_group == 1


class Timed(Page):
    form_model = 'player'
    form_fields = ['answer']
    timeout_submission = {'answer': 99}

    @staticmethod
    def get_timeout_seconds(player: Player):
        return 60 + player.id_in_subsession

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        player.timed_out = timeout_happened


class Last(Page):
    pass


page_sequence = [Choose, Share, Timed, Last]
