from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='quorum3', app_sequence=['quorumlobby'], fixed_pay=400,
                min_participants=3, doc='Test: a quorum of 3.'),
    SessionType(name='quorum3_timeout', app_sequence=['quorumlobby'], fixed_pay=400,
                min_participants=3, quorum_timeout_seconds=60,
                quorum_timeout_message='Too few people came today.',
                doc='Test: a quorum of 3, each waiting at most 60 seconds.'),
    SessionType(name='quorum_none', app_sequence=['quorumlobby'], fixed_pay=400,
                doc='Test: no quorum (a room may set one).'),
]
SESSION_TYPES += [
    SessionType(name='quorum5', app_sequence=['quorumlobby'], fixed_pay=400,
                min_participants=5, doc='Test: a quorum of 5, for simultaneous arrivals.'),
]
SESSION_TYPES += [
    SessionType(name='quorum3_conditions', app_sequence=['quorumlobby'], fixed_pay=400,
                min_participants=3, conditions={'color': ['red', 'blue', 'green']},
                doc='Test: a quorum of 3 whose participants get a condition when they start.'),
]
