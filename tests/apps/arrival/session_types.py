from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='arrival', app_sequence=['arrival'], doc='Test: group_by_arrival_time.'),
]
