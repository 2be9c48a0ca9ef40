from otree.api import *

doc = """
Start of a session: a consent page. Who declines skips the study and goes straight to the last
app (app_after_this_page). The session's treatment and each participant's consent are declared
fields (SESSION_FIELDS, PARTICIPANT_FIELDS); each decision is also logged as an ExtraModel row of
the subsession.
"""


class C(BaseConstants):
    NAME_IN_URL = 'intro_consent'
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    consent = models.BooleanField(
        label="Do you agree to take part?", choices=[[True, 'I agree'], [False, 'I decline']]
    )


class ConsentLog(ExtraModel):
    subsession = models.Link(Subsession)
    player = models.Link(Player)
    agreed = models.BooleanField()


# FUNCTIONS
def creating_session(subsession: Subsession):
    subsession.session.treatment = subsession.session.config.get('treatment', 'baseline')
    for player in subsession.get_players():
        player.participant.consented = False


# PAGES
class Consent(Page):
    form_model = 'player'
    form_fields = ['consent']

    @staticmethod
    def before_next_page(player: Player, timeout_happened):
        player.participant.consented = player.consent
        ConsentLog.create(subsession=player.subsession, player=player, agreed=player.consent)

    @staticmethod
    def app_after_this_page(player: Player, upcoming_apps):
        if not player.consent:
            return upcoming_apps[-1]


class Welcome(Page):
    @staticmethod
    def vars_for_template(player: Player):
        return dict(logged=len(ConsentLog.filter(subsession=player.subsession)))


page_sequence = [Consent, Welcome]
