"""The lab manager's admin: Django imports this package at start-up, which registers every page."""
# sessions registers SessionAdmin and ParticipantAdmin; chat, ChatMessageAdmin.
from sessions_core.admin import chat, sessions  # noqa: F401
