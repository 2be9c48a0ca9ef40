from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='livecheck', app_sequence=['livecheck'], num_demo_participants=6,
                doc='Test: live pages and chat in groups of 3.'),
]
