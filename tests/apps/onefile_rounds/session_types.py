from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='onefile_rounds', app_sequence=['onefile_rounds'], num_demo_participants=4,
                doc='Test: an app in the one-file format, two rounds of pairs with roles.'),
]
