from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='cc_init', app_sequence=['cc_rounds', 'cc_crowd'], num_demo_participants=2,
                doc='Concurrency tests: a session initialized by many first loads at once.'),
]
