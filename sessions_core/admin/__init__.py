"""The lab manager's admin: Django imports this package at start-up, which registers every page."""
# sessions registers SessionAdmin and ParticipantAdmin; chat, ChatMessageAdmin; logs,
# ParticipantLogAdmin; refusals, EntryRefusalAdmin.
from sessions_core.admin import chat, logs, refusals, sessions  # noqa: F401
