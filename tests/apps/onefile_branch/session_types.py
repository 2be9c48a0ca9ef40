from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='onefile_mixed', num_demo_participants=4,
                app_sequence=['onefile_branch', 'flowskip', 'flowend', 'onefile_rounds'],
                doc='Test: one SessionType of apps in both formats.'),
]
