"""BaseConstants: what an app's `Constants` subclasses (oTree's names)."""


class BaseConstants:
    name_in_url: str | None = None
    players_per_group: int | None = None
    num_rounds: int = 1
