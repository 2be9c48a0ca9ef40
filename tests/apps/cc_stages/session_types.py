from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='cc_stages', app_sequence=['cc_stages'], num_demo_participants=5,
                doc='Concurrency tests: group_play of two group stages, per group of five.'),
]
