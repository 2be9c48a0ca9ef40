from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='cc_form', app_sequence=['cc_form'], num_demo_participants=1,
                doc='Concurrency tests: the same form posted many times at once.'),
]
