from sessions_core.experimenter.session_types import SessionType

COMPLETION_URL = 'https://app.prolific.com/submissions/complete?cc=C0DE123'

SESSION_TYPES = [
    SessionType(name='admincheck', display_name='Admin check', app_sequence=['admincheck'],
                num_demo_participants=2, doc='Test: config keys of every type.',
                rounds_hint=3, share=0.5, shuffle=True, greeting='hello', tags=['a', 'b'],
                fail_in_creating_session=False),
    SessionType(name='admincheck_panel', display_name='Admin check (online panel)',
                app_sequence=['admincheck'], num_demo_participants=1,
                completion_url=COMPLETION_URL, doc='Test: a completion link.'),
]
