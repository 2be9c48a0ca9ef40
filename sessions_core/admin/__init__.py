"""The lab manager's admin: Django imports this package at start-up, which registers every page."""
from sessions_core.admin import sessions  # noqa: F401  (registers SessionAdmin, ParticipantAdmin)
