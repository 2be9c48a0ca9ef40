from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='flowcheck', app_sequence=['flowcheck', 'flowskip', 'flowend'],
                fixed_pay=300, real_world_currency_per_point='0.5',
                doc='Test: page flow, wait pages, hooks, timeouts and app_after_this_page.'),
]
