from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='dropouts_hook', app_sequence=['dropouts_hook'], num_demo_participants=2,
                dropout_after_seconds=60,
                doc='Test: on_dropout ends the group\'s game and pays everyone.'),
]
