"""Test app in oTree 5's one-file format whose templates, in the app folder, use oTree 5's
template syntax: include_sibling and include, C, a loop over the group, if/elif/else, filters,
formfield with a label, a group chat, and a wait page template of its own."""
from sessions_core.api import *


class C(BaseConstants):
    NAME_IN_URL = 'onefile_templates'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1
    ENDOWMENT = cu(10)
    SHARE = 1 / 3
    RULES_TEMPLATE = 'onefile_templates/rules.html'


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    guess = models.IntegerField(min=0, max=100, label='Your guess')
    comment = models.LongStringField(blank=True, label='A comment for your partner')


def set_payoffs(group: Group):
    for p in group.get_players():
        p.payoff = C.ENDOWMENT if p.guess >= 50 else cu(0)


class Intro(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(share=C.SHARE, names={'first': 'Ann', 'second': 'Bo'})


class Decide(Page):
    form_model = 'player'
    form_fields = ['guess', 'comment']


class ResultsWaitPage(WaitPage):
    template_name = 'onefile_templates/Waiting.html'
    after_all_players_arrive = set_payoffs


class Results(Page):
    pass


page_sequence = [Intro, Decide, ResultsWaitPage, Results]
