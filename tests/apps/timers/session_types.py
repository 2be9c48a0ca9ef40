from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='timers', app_sequence=['timers'], num_demo_participants=2,
                doc='Test: page timers, a deadline spanning pages, a wait page between timed pages.'),
]
