from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='fieldcheck', app_sequence=['fieldcheck'], num_demo_participants=4,
                doc='Test: declared participant and session fields, and ExtraModel tables.'),
]
