from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='formcheck', app_sequence=['formcheck'], fixed_pay=0,
                doc='Test: form fields and validation rules.'),
]
