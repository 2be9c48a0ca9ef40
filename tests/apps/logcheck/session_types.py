from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='logcheck', app_sequence=['logcheck'], fixed_pay=0,
                doc='Test: participant.log from page methods and a group hook.'),
]
