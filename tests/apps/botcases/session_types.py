from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='botcases', app_sequence=['botcases'], doc='Test: bot cases.'),
]
