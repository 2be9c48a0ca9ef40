"""Within-subjects trial lists: each participant's own order of the factorial's cells.

`trial_list(participant, factors={"size": [1, 2], "color": ["r", "g"]}, repeat=2)` gives every
combination of the factors' values (the full factorial, in itertools.product order) `repeat`
times, shuffled within blocks of `block_size` consecutive trials (None: the whole list is one
block). With `latin_square="<factor>"` the trials are grouped by that factor's values, in an
order taken from a Latin square whose row the participant's place in the session picks, so
that across participants each value comes in each position equally often.

Reproducible: the shuffle is seeded from the session's name, the participant's code and the
call's own arguments, which never change, so the same participant always gets the same list
(on any server process, after a restart, in a bot run replayed) and nothing needs storing; two
participants, or two different calls of one participant, get independent orders.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import random
from collections.abc import Mapping, Sequence
from typing import Any

Trial = dict[str, Any]

_SCALARS = (str, int, float, bool, type(None))


class TrialList(list[Trial]):
    """A participant's trials in order (a list of dicts, factor name → value).

    trial(n) is the n-th trial counting from 1, as `round_number` does: `trials.trial(
    player.round_number)` gives the round's trial."""

    def __init__(self, trials: list[Trial], *, block_size: int, latin_row: list[Any] | None):
        super().__init__(trials)
        self.block_size = block_size
        self.latin_row = latin_row  # the latin_square factor's values in this list's order

    def trial(self, n: int) -> Trial:
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(self):
            raise IndexError(f"trial {n!r} does not exist: the list has trials 1 to {len(self)}")
        return self[n - 1]


def _check_factors(factors: Any) -> dict[str, list[Any]]:
    if not isinstance(factors, Mapping) or not factors:
        raise ValueError("trial_list: factors must be a non-empty dict of factor name → list "
                         "of values, e.g. {'size': [1, 2], 'color': ['red', 'green']}")
    checked: dict[str, list[Any]] = {}
    for name, values in factors.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"trial_list: factor names must be non-empty text, not {name!r}")
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
            raise ValueError(f"trial_list: factor {name!r} needs a non-empty list of values, "
                             f"not {values!r}")
        for value in values:
            if not isinstance(value, _SCALARS):
                raise ValueError(f"trial_list: factor {name!r} has the value {value!r}; values "
                                 "are text, numbers, True/False or None")
        if len(set(map(_key, values))) != len(values):
            raise ValueError(f"trial_list: factor {name!r} lists a value twice: {list(values)}")
        checked[name] = list(values)
    return checked


def _key(value: Any) -> str:
    return json.dumps(value)


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"trial_list: {name} must be a whole number of at least 1, "
                         f"not {value!r}")
    return value


def latin_square_rows(n: int) -> list[list[int]]:
    """n rows of 0..n-1: each value once in each row and once in each column (position).

    Rows are cyclic shifts of 0, 1, n-1, 2, n-2, ... (Williams' design): for an even n each
    value also follows each other value exactly once across the rows (first-order carryover
    balanced); for an odd n that needs 2n rows, and these n give the Latin property only."""
    first, low, high = [0], 1, n - 1
    while len(first) < n:
        first.append(low)
        low += 1
        if len(first) < n:
            first.append(high)
            high -= 1
    return [[(value + shift) % n for value in first] for shift in range(n)]


def _seed(participant: Any, arguments: Any) -> int:
    text = json.dumps([participant.session.name, participant.name, arguments])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _row_of(participant: Any, n: int) -> int:
    """The participant's row of the square: consecutive participants of a session
    (id_in_session) take consecutive rows, from a row chosen by the session's name, so any n
    of them in a row cover every row once, and one-participant sessions do not all start
    alike."""
    start = int(hashlib.sha256(participant.session.name.encode()).hexdigest(), 16) % n
    return (start + participant.id_in_session - 1) % n


def _shuffled_in_blocks(trials: list[Trial], block_size: int, rng: random.Random) -> list[Trial]:
    out: list[Trial] = []
    for start in range(0, len(trials), block_size):
        block = trials[start:start + block_size]
        rng.shuffle(block)
        out += block
    return out


def trial_list(participant: Any, factors: Mapping[str, Sequence[Any]], repeat: int = 1,
               block_size: int | None = None,
               latin_square: str | None | bool = None) -> TrialList:
    """The participant's trial list (see the module's docstring); a Player is taken as its
    participant. Raises ValueError, naming the argument, for anything malformed."""
    participant = getattr(participant, "participant", participant)
    checked = _check_factors(factors)
    repeat = _positive("repeat", repeat)
    names = list(checked)
    cells = [dict(zip(names, combo, strict=True))
             for combo in itertools.product(*checked.values())]
    if latin_square is None or latin_square is False:
        groups, row = [cells * repeat], None
    else:
        if not isinstance(latin_square, str) or latin_square not in checked:
            raise ValueError(f"trial_list: latin_square names a factor: one of {names}, "
                             f"not {latin_square!r}")
        levels = checked[latin_square]
        order = latin_square_rows(len(levels))[_row_of(participant, len(levels))]
        row = [levels[i] for i in order]
        groups = [[c for c in cells if _key(c[latin_square]) == _key(v)] * repeat for v in row]
    size = len(groups[0]) if block_size is None else _positive("block_size", block_size)
    rng = random.Random(_seed(participant, [[[n, [_key(v) for v in vs]] for n, vs in
                                             checked.items()], repeat, block_size,
                                            latin_square]))
    trials = [dict(t) for group in groups for t in _shuffled_in_blocks(group, size, rng)]
    return TrialList(trials, block_size=size, latin_row=row)
