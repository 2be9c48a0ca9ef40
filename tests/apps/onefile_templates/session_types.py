from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='onefile_templates', app_sequence=['onefile_templates'],
                num_demo_participants=2,
                doc='Test: a one-file app whose templates use oTree 5 syntax.'),
]
