from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES = [
    SessionType(name='long_app_name', num_demo_participants=4,
                app_sequence=['an_experiment_app_whose_name_is_much_longer_than_sixty_characters'],
                doc='Test: an app whose name is longer than 60 characters.'),
]
