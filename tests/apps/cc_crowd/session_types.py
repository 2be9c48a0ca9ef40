from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='cc_crowd', app_sequence=['cc_crowd'], num_demo_participants=3,
                doc='Concurrency tests: everyone waits at one wait page.'),
]
