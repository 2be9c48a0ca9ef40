from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='waitchain', app_sequence=['waitchain'], num_demo_participants=2,
                doc='Test: wait pages in a row.'),
]
