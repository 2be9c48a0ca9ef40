from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='entrygate_phones', app_sequence=['entrygate'], num_demo_participants=1,
                allowed_platforms=['mobile'], blocked_labels=['blocked-1'],
                doc='Test: phones only, one label blocked (participants/eligibility.py).'),
]
