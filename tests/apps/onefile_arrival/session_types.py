from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='onefile_arrival', app_sequence=['onefile_arrival'], num_demo_participants=4,
                doc='Test: grouping by arrival time with a function (one-file format).'),
]
