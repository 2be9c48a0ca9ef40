from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='dropouts', app_sequence=['dropouts'], num_demo_participants=2,
                dropout_after_seconds=60,
                doc='Test: a participant silent for 60 s is dropped out; their pages time out.'),
    SessionType(name='dropouts_held', app_sequence=['dropouts'], num_demo_participants=2,
                dropout_after_seconds=60, dropout_pages_time_out=False,
                doc='Test: a dropout is only marked; their pages do not time out.'),
    SessionType(name='dropouts_off', app_sequence=['dropouts'], num_demo_participants=2,
                doc='Test: the same app without dropout detection.'),
]
