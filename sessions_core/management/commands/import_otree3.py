"""manage.py import_otree3 <path>: the old name of `manage.py import_otree`, which imports oTree 3
projects as it always did (and oTree 5 ones too)."""
from sessions_core.management.commands.import_otree import Command as ImportOtree


class Command(ImportOtree):
    pass
