"""SessionTypes imported from oTree 3 projects by `manage.py import_otree3`.

experiments/sessions.py adds them to its SESSION_TYPES; one here replaces a bundled SessionType of
the same name. Importing a project again rewrites the entries of the names it imports and keeps
the others. Edit freely: fixed_pay is in minor units (1000 = 10.00).
"""
from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES: list[SessionType] = [
]
