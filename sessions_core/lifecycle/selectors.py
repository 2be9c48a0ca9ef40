"""Reads about sessions for the lab manager's pages (no locks, no writes)."""
from __future__ import annotations

from dataclasses import dataclass

from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import Session


@dataclass(frozen=True)
class SessionData:
    """What deleting a session takes with it: its participants and their players' rows."""

    participants: int
    players_by_app: dict[str, int]  # app label -> Player rows (one per participant and round)

    @property
    def players(self) -> int:
        return sum(self.players_by_app.values())

    def describe(self) -> str:
        """One sentence for a person about to delete the session."""
        if not self.players:
            data = "no game data yet"
        else:
            per_app = ", ".join(f"{label}: {n}" for label, n in self.players_by_app.items() if n)
            data = (f"the game data of {self.players} players (one per participant, app and "
                    f"round; {per_app})")
        return f"{self.participants} participants and {data}"


def session_data_counts(*, session: Session) -> SessionData:
    players = {}
    for label in session.app_sequence:
        try:
            model = experiment_app(label).Player
        except LookupError:  # an app removed from the code since: its rows cannot be counted
            continue
        players[label] = model.objects.filter(session_id=session.pk).count()
    return SessionData(participants=session.participant_set.count(), players_by_app=players)
