from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='stages', app_sequence=['stages'], num_demo_participants=3,
                doc='Test: a group stage (start and end together, a group timer, group_play).'),
]
