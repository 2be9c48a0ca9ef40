from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='onefile_live', app_sequence=['onefile_live'], num_demo_participants=4,
                doc='Test: live pages (one-file format).'),
]
