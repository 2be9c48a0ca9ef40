from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='onefile_forms', app_sequence=['onefile_forms'], num_demo_participants=2,
                doc='Test: form rules as functions and static page methods (one-file format).'),
]
