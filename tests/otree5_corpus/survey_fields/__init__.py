from otree.api import *

doc = """
A questionnaire with every kind of form field and widget; the second page's fields depend on the
first page's answers (get_form_fields).
"""


class C(BaseConstants):
    NAME_IN_URL = 'survey_fields'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1
    LIKERT = [1, 2, 3, 4, 5]
    LIKERT_MAX = 5


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    age = models.IntegerField(label="How old are you?", min=16, max=99)
    gender = models.StringField(
        label="Gender",
        choices=['Female', 'Male', 'Other', 'Prefer not to say'],
        widget=widgets.RadioSelect,
    )
    student = models.BooleanField(
        label="Are you a student?", choices=[[True, 'Yes'], [False, 'No']]
    )
    field_of_study = models.StringField(label="What do you study?", blank=True)
    hours_sleep = models.FloatField(label="Hours of sleep last night", min=0, max=24)
    satisfaction = models.IntegerField(
        label="How satisfied are you with this study so far?",
        choices=C.LIKERT,
        widget=widgets.RadioSelectHorizontal,
    )
    consent_contact = models.BooleanField(
        label="You may contact me about future studies", widget=widgets.CheckboxInput, blank=True
    )
    comments = models.LongStringField(label="Anything else?", blank=True)


# FUNCTIONS
def field_of_study_error_message(player: Player, value):
    if player.student and not value:
        return "Please tell us what you study."


# PAGES
class Demographics(Page):
    form_model = 'player'
    form_fields = ['age', 'gender', 'student']


class Details(Page):
    form_model = 'player'

    @staticmethod
    def get_form_fields(player: Player):
        fields = ['hours_sleep', 'satisfaction', 'consent_contact', 'comments']
        if player.student:
            return ['field_of_study'] + fields
        return fields


class Thanks(Page):
    pass


page_sequence = [Demographics, Details, Thanks]
