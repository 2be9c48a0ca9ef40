from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='arrival10', app_sequence=['arrival10'],
                doc='Test: group_by_arrival_time in groups of 10.'),
]
