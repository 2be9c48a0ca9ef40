"""SessionTypes imported from oTree projects by `manage.py import_otree`.

experiments/sessions.py adds them to its SESSION_TYPES; one here replaces a bundled SessionType of
the same name. It also declares PARTICIPANT_FIELDS and SESSION_FIELDS (participant.<name>,
session.<name>). Importing a project again rewrites the entries of the names it imports, adds
new field names and keeps the rest. Edit freely: fixed_pay is in minor units (1000 = 10.00).
"""
from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES: list[SessionType] = [
]

PARTICIPANT_FIELDS: list[str] = []
SESSION_FIELDS: list[str] = []
