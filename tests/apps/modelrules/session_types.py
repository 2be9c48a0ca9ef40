from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='modelrules', app_sequence=['modelrules'], num_demo_participants=1,
                doc='Test: form rules defined on the Player and Group models.'),
]
