from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='onefile_hooks', app_sequence=['onefile_hooks'], num_demo_participants=4,
                doc='Test: hooks as functions (one-file format).'),
]
