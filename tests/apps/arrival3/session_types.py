from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='arrival3', app_sequence=['arrival3'],
                doc='Test: group_by_arrival_time in groups of 3.'),
]
