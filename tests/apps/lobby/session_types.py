from decimal import Decimal

from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='lobby', app_sequence=['lobby'], fixed_pay=500,
                real_world_currency_per_point=Decimal('0.01'),
                doc='Test: a lobby timeout of 60 seconds set on the page.'),
    SessionType(name='lobby_configured', app_sequence=['lobby'], fixed_pay=300,
                lobby_timeout_seconds=5, lobby_timeout_message='Sorry, nobody else came.',
                doc='Test: the lobby timeout and its message set by the session config.'),
    SessionType(name='lobby_short', app_sequence=['lobby'], fixed_pay=250,
                lobby_timeout_seconds=2,
                doc='Test: a lobby timeout of 2 seconds, for the browser test.'),
    SessionType(name='lobby_panel', app_sequence=['lobby'], fixed_pay=250,
                completion_url='https://panel.example/complete?cc=SHOWUP',
                doc='Test: a lobby timeout in a session with an online panel.'),
]
