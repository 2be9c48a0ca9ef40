from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='arrival_pick', app_sequence=['arrival_pick'], pick='parity',
                doc='Test: group_by_arrival_time with get_players_for_group.'),
]
