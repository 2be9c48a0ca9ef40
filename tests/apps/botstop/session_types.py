from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name=f'botstop_{mode}', app_sequence=['botstop'], stop_mode=mode,
                num_demo_participants=4, doc=f'Test: bots that stop early ({mode}).')
    for mode in ['skip_last_results', 'stop_in_round_1', 'one_stops_before_wait']
]
