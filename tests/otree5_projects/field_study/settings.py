from os import environ

SESSION_CONFIGS = [
    dict(
        name='quiz_and_game',
        display_name="Quiz, a game in pairs, and the exit survey",
        app_sequence=['quiz', 'dyad_game', 'exit_survey'],
        num_demo_participants=2,
    ),
    dict(
        name='quiz_only',
        app_sequence=['quiz'],
        num_demo_participants=1,
        participation_fee=5,
        quiz_bonus=3,
    ),
]

# if you set a property in SESSION_CONFIG_DEFAULTS, it will be inherited by all configs
# in SESSION_CONFIGS, except those that explicitly override it.
# the session config can be accessed from methods in your apps as self.session.config,
# e.g. self.session.config['participation_fee']

SESSION_CONFIG_DEFAULTS = dict(
    real_world_currency_per_point=0.10, participation_fee=2.00, quiz_bonus=1, doc=""
)

PARTICIPANT_FIELDS = ['quiz_score', 'finished_quiz']
SESSION_FIELDS = ['quiz_answers_given']

# ISO-639 code
# for example: de, fr, ja, ko, zh-hans
LANGUAGE_CODE = 'en'

# e.g. EUR, GBP, CNY, JPY
REAL_WORLD_CURRENCY_CODE = 'EUR'
USE_POINTS = True

ROOMS = [
    dict(
        name='field_lab',
        display_name='Field lab',
        participant_label_file='_rooms/field_lab.txt',
        use_secure_urls=True,
    ),
    dict(name='online', display_name='online'),
]

ADMIN_USERNAME = 'admin'
# for security, best to set admin password in an environment variable
ADMIN_PASSWORD = environ.get('OTREE_ADMIN_PASSWORD')

DEMO_PAGE_INTRO_HTML = """ """

SECRET_KEY = '5903419685930'
