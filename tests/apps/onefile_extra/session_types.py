from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='onefile_extra', app_sequence=['onefile_extra'], num_demo_participants=4,
                doc='Test: an ExtraModel and declared fields in an app of the one-file format.'),
]
