from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='otree5_pages', app_sequence=['otree5_pages'], num_demo_participants=1,
                doc='Test: page templates written in oTree 5 syntax in the app folder.'),
]
