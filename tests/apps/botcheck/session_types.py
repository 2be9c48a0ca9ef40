from sessions_core.experimenter.session_types import SessionType

MODES = ['ok', 'wrong_page', 'must_fail_accepted', 'not_an_input', 'not_an_input_unchecked',
         'rejected', 'expect_fails', 'expect_fails_at_end', 'too_few_pages',
         'too_many_pages', 'no_next_button']

SESSION_TYPES = [
    SessionType(name=f'botcheck_{mode}', app_sequence=['botcheck'], bot_mode=mode,
                hide_next_button=(mode == 'no_next_button'),
                doc=f'Test: a bot in mode {mode}.')
    for mode in MODES
]
