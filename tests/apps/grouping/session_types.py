from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='grouping', app_sequence=['grouping'], doc='Test: the group matrix API.'),
]
