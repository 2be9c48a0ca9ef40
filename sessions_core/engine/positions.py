"""A participant's position in words: "trust, round 1, SendBack", never indexes.

For people (the admin, the live monitor, exports): a plain read of the SessionType's apps and
their page sequences, with no query and no lock.
"""
from __future__ import annotations

from collections.abc import Sequence

from participants.models import Participant
from sessions_core.experimenter.registry import experiment_app


def position_name(*, app_sequence: Sequence[str], status: str, app_index: int,
                  round_number: int, page_index: int, released: bool = False) -> str:
    """"not started", "finished", or "<app>, round <n>, <page class name>"; for a participant
    released by a lobby timeout, "released (lobby timeout) at <app>, round <n>, <page>".

    A position that the installed code no longer has (an app or page removed since the
    session ran) is named by what is left of it rather than failing the page that shows it."""
    if status == Participant.Status.NEW:
        return "not started"
    if released:
        where = position_name(app_sequence=app_sequence, status=Participant.Status.PLAYING,
                              app_index=app_index, round_number=round_number,
                              page_index=page_index)
        return f"released (lobby timeout) at {where}"
    if status == Participant.Status.FINISHED:
        return "finished"
    if not 0 <= app_index < len(app_sequence):
        return f"app #{app_index + 1} (no longer in the session), round {round_number}"
    label = app_sequence[app_index]
    try:
        pages = experiment_app(label).page_sequence
    except LookupError:
        pages = []
    page = pages[page_index].__name__ if 0 <= page_index < len(pages) else f"page #{page_index + 1}"
    return f"{label}, round {round_number}, {page}"


def participant_position_name(participant: Participant) -> str:
    """The participant's position in words (reads participant.session: select_related it)."""
    return position_name(app_sequence=participant.session.app_sequence,
                         status=participant.status, app_index=participant.app_index,
                         round_number=participant.round_number, page_index=participant.page_index,
                         released=participant.released)
