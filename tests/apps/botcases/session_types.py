from sessions_core.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='botcases', app_sequence=['botcases'], doc='Test: bot cases.'),
]
