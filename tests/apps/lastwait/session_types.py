from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='lastwait', app_sequence=['lastwait'], num_demo_participants=2,
                doc='Test: a last wait page with nothing after it.'),
]
