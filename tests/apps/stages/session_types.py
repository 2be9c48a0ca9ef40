from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='stages', app_sequence=['stages'], num_demo_participants=3,
                doc='Test: a group stage (start and end together, a group timer, group_play).'),
    SessionType(name='stages_short', app_sequence=['stages'], num_demo_participants=3,
                trade_seconds=4, doc='Test: the group stage with a 4-second group timer, for '
                'real browsers.'),
]
