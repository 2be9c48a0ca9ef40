"""The session types bundled with Quorum: one per demo app, and one that chains several."""
from decimal import Decimal

from experiments import imported_sessions
from sessions_core.experimenter.session_types import SessionType


def experience_stratum(participant):
    """balanced_design's condition_stratum: the first page's answer, which that page stores in
    participant.vars ("experienced" or "new"); None before it is answered."""
    return participant.vars.get('experience')


SESSION_TYPES = [
    SessionType(
        name='my_session',
        display_name='Trust, ultimatum and questionnaire',
        app_sequence=['trust', 'ultimatum', 'questionnaire'],
        num_demo_participants=2,
        fixed_pay=1000,
        real_world_currency_per_point=Decimal('0.01'),
        doc='A trust game and an ultimatum game with the same partner, then a questionnaire.',
    ),
    SessionType(
        name='trust',
        display_name='Trust game',
        app_sequence=['trust'],
        num_demo_participants=2,
        fixed_pay=500,
        doc='One-shot trust game: player 1 sends, the amount is tripled, player 2 sends back.',
    ),
    SessionType(
        name='ultimatum',
        display_name='Ultimatum game',
        app_sequence=['ultimatum'],
        num_demo_participants=2,
        fixed_pay=500,
        doc='One-shot ultimatum game with offers in steps of 10 points.',
    ),
    SessionType(
        name='public_goods',
        display_name='Public goods game',
        app_sequence=['public_goods'],
        num_demo_participants=3,
        fixed_pay=500,
        multiplier=2,
        doc='Three rounds of a public goods game in groups of three, re-drawn at random each '
            'round. The config key "multiplier" sets how much the common project multiplies.',
    ),
    SessionType(
        name='dictator',
        display_name='Dictator game',
        app_sequence=['dictator'],
        num_demo_participants=2,
        fixed_pay=500,
        doc='One-shot dictator game: player 1 divides 100 points, player 2 only sees the result.',
    ),
    SessionType(
        name='questionnaire',
        display_name='Questionnaire',
        app_sequence=['questionnaire'],
        num_demo_participants=1,
        fixed_pay=200,
        doc='A short demographic questionnaire with one cognitive reflection question.',
    ),
    SessionType(
        name='matching_pennies',
        display_name='Matching pennies',
        app_sequence=['matching_pennies'],
        num_demo_participants=2,
        fixed_pay=500,
        doc='Four rounds of matching pennies; roles swap in round 3 and one random round is paid.',
    ),
    SessionType(
        name='partner_matching',
        display_name='Investment game, partner matching',
        app_sequence=['partner_stranger'],
        num_demo_participants=4,
        fixed_pay=500,
        matching='partner',
        doc='Five rounds of an investment game in pairs; each pair stays together for all five '
            'rounds (config key "matching": "partner"). Roles are kept.',
    ),
    SessionType(
        name='stranger_matching',
        display_name='Investment game, stranger matching',
        app_sequence=['partner_stranger'],
        num_demo_participants=4,
        fixed_pay=500,
        matching='stranger',
        doc='Five rounds of an investment game in pairs, re-drawn at random every round (config '
            'key "matching": "stranger"). Each participant keeps their role.',
    ),
    SessionType(
        name='arrival_lobby',
        display_name='Guessing game, grouped by arrival',
        app_sequence=['arrival_lobby'],
        num_demo_participants=3,
        fixed_pay=500,
        lobby_timeout_seconds=120,
        doc='Guess two thirds of the average in groups of three, formed in the order people '
            'arrive. Whoever waits in the lobby longer than the config key '
            '"lobby_timeout_seconds" without a group is released with the show-up fee.',
    ),
    SessionType(
        name='prisoner_chat',
        display_name="Prisoner's dilemma with chat",
        app_sequence=['prisoner_chat'],
        num_demo_participants=2,
        fixed_pay=500,
        doc="Three rounds of a prisoner's dilemma with the same partner; the pair may chat "
            'before deciding ({% chat %}). The chat is in the data export.',
    ),
    SessionType(
        name='live_agreement',
        display_name='Agree on a split (live page)',
        app_sequence=['live_agreement'],
        num_demo_participants=2,
        fixed_pay=500,
        doc='Pairs propose splits of 100 points to each other on a live page and agree the moment '
            'both propose the same one: the smallest example of a live_method.',
    ),
    SessionType(
        name='double_auction',
        display_name='Double auction (live page)',
        app_sequence=['double_auction'],
        num_demo_participants=4,
        fixed_pay=500,
        market_seconds=120,
        doc='One market for everyone on a live page: buyers bid, sellers ask, a trade happens '
            'when a bid meets an ask, seen by all at once. The market closes for everyone after '
            'market_seconds (config).',
    ),
    SessionType(
        name='balanced_design',
        display_name='Balanced design: conditions by stratum, trial lists, logging',
        app_sequence=['balanced_design', 'questionnaire'],
        num_demo_participants=4,
        fixed_pay=300,
        conditions={'instructions': ['short', 'detailed'], 'feedback': ['none', 'shown']},
        condition_unit='participant',
        condition_stratum=experience_stratum,
        doc='A 2×2 between-subjects design (instructions short or detailed, feedback or none), '
            'balanced across all sessions within each stratum of the first page\'s answer '
            '(done a study like this before?), then four rated circles from a within-subjects '
            'trial list (size × color, sizes counterbalanced by a Latin square), then the '
            'questionnaire. Assignments and ratings are logged with participant.log.',
    ),
]

# SessionTypes written by `manage.py import_otree` come last; one of them replaces a bundled
# SessionType of the same name.
_imported = {session_type.name for session_type in imported_sessions.SESSION_TYPES}
SESSION_TYPES = [st for st in SESSION_TYPES if st.name not in _imported] + imported_sessions.SESSION_TYPES

# participant.<name> and session.<name> of oTree 5 apps: the imported projects' (a file of an
# import before these lists existed has none). Add your own names to the lists.
PARTICIPANT_FIELDS: list[str] = [*getattr(imported_sessions, "PARTICIPANT_FIELDS", [])]
SESSION_FIELDS: list[str] = [*getattr(imported_sessions, "SESSION_FIELDS", [])]
