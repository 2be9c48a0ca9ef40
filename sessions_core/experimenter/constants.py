"""BaseConstants: what an app's constants class subclasses, in either format: oTree 3's
`class Constants` (lower-case names) or oTree 5's `class C` (upper-case names)."""


class BaseConstants:
    # oTree 3's names
    name_in_url: str | None = None
    players_per_group: int | None = None
    num_rounds: int = 1
    # oTree 5's (the one-file format)
    NAME_IN_URL: str | None = None
    PLAYERS_PER_GROUP: int | None = None
    NUM_ROUNDS: int = 1
