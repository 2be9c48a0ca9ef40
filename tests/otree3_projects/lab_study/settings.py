from os import environ

# Apps that every session of this study ends with.
SURVEY_APPS = ['survey', 'payment_info']

SESSION_CONFIGS = [
    dict(
        name='trust_then_survey',
        display_name="Trust game, then the survey",
        num_demo_participants=2,
        app_sequence=['trust'] + SURVEY_APPS,
    ),
    dict(
        name='survey_only',
        display_name="Survey only",
        num_demo_participants=1,
        app_sequence=SURVEY_APPS,
        real_world_currency_per_point=0.5,
        participation_fee=3.75,
        scale_max=7,
        doc="The survey alone, on a seven-point scale.",
    ),
]

# if you set a property in SESSION_CONFIG_DEFAULTS, it will be inherited by all configs
# in SESSION_CONFIGS, except those that explicitly override it.
SESSION_CONFIG_DEFAULTS = dict(
    participation_fee=2.50,
    scale_max=5,
    doc="",
)

# ISO-639 code
LANGUAGE_CODE = 'en'

# e.g. EUR, GBP, CNY, JPY
REAL_WORLD_CURRENCY_CODE = 'GBP'
USE_POINTS = True
POINTS_CUSTOM_NAME = 'tokens'

ROOMS = [
    dict(
        name='econ101',
        display_name='Econ 101 lab',
        participant_label_file='_rooms/econ101.txt',
    ),
]

ADMIN_USERNAME = 'admin'
# for security, best to set admin password in an environment variable
ADMIN_PASSWORD = environ.get('OTREE_ADMIN_PASSWORD')

if environ.get('OTREE_PRODUCTION') in {None, '', '0'}:
    DEBUG = True
else:
    DEBUG = False

DEMO_PAGE_INTRO_HTML = """A trust game and a survey."""

SECRET_KEY = 'fixture-not-secret'

# if an app is included in SESSION_CONFIGS, you don't need to list it here
INSTALLED_APPS = ['otree']
