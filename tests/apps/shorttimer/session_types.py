from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='shorttimer', app_sequence=['shorttimer'], num_demo_participants=1,
                doc='Test: a page that times out after 2 seconds, for real browsers.'),
]
