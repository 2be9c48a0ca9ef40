from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='buttons', app_sequence=['buttons'], num_demo_participants=1,
                doc='Test: answers given with buttons.'),
    SessionType(name='buttons_note_outside_form', app_sequence=['buttons'],
                num_demo_participants=1, note_outside_form=True,
                doc='Test: a bot submits a button that is outside the form.'),
]
