from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='cc_pairs_group', app_sequence=['cc_pairs'], num_demo_participants=4,
                barrier='group', doc='Concurrency tests: one wait page barrier per pair.'),
    SessionType(name='cc_pairs_all_groups', app_sequence=['cc_pairs'], num_demo_participants=4,
                barrier='all_groups', doc='Concurrency tests: one barrier for all pairs.'),
]
