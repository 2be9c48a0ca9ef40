"""Porting experiments written for other servers into Quorum (`manage.py import_otree3`).

`settings_reader` reads an oTree 3 settings.py without running it, `session_configs` turns its
SESSION_CONFIGS into SessionTypes and environment lines, `sources` rewrites an app's import lines
and checks its templates, and `otree3` plans and carries out the import of a whole project.
"""
