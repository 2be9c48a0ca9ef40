"""trial_list: a participant's within-subjects trials: the full factorial, repeated, shuffled
within blocks, optionally ordered by a Latin square; the same list for the same participant
always, and different lists for different participants."""
from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from sessions_core.api import trial_list
from sessions_core.conditions.trials import latin_square_rows

FACTORS = {"size": [1, 2], "color": ["r", "g"]}


def person(code: str = "abcd", session: str = "s1", id_in_session: int = 1) -> SimpleNamespace:
    """What trial_list reads of a participant: its code, its session's name, its number."""
    return SimpleNamespace(name=code, id_in_session=id_in_session,
                           session=SimpleNamespace(name=session))


def cells(trials: list[dict]) -> Counter:
    return Counter((t["size"], t["color"]) for t in trials)


def test_the_list_is_the_full_factorial() -> None:
    trials = trial_list(person(), FACTORS)
    assert len(trials) == 4
    assert cells(trials) == Counter({(1, "r"): 1, (1, "g"): 1, (2, "r"): 1, (2, "g"): 1})
    assert all(set(t) == {"size", "color"} for t in trials)


def test_three_factors_make_their_product() -> None:
    trials = trial_list(person(), {"a": [1, 2, 3], "b": [True, False], "c": ["x"]})
    assert len(trials) == 6 and len({tuple(t.values()) for t in trials}) == 6


def test_repeat_gives_each_cell_k_times() -> None:
    trials = trial_list(person(), FACTORS, repeat=3)
    assert len(trials) == 12 and set(cells(trials).values()) == {3}


def test_blocks_of_the_factorials_size_hold_each_cell_once() -> None:
    trials = trial_list(person(), FACTORS, repeat=5, block_size=4)
    assert trials.block_size == 4
    for start in range(0, 20, 4):
        assert set(cells(trials[start:start + 4]).values()) == {1}


def test_blocks_are_shuffled_within_and_not_across() -> None:
    """Over many participants, a block of 4 from repeat=2 holds each cell once (never mixed
    across blocks) and its order varies."""
    orders = set()
    for i in range(40):
        trials = trial_list(person(code=f"p{i}"), FACTORS, repeat=2, block_size=4)
        assert cells(trials[:4]) == cells(trials[4:]) == cells(trial_list(person(), FACTORS))
        orders.add(tuple((t["size"], t["color"]) for t in trials[:4]))
    assert len(orders) > 10


def test_without_blocks_the_whole_list_is_shuffled() -> None:
    """repeat=2 without block_size: some participants get a cell twice in the first half."""
    unbalanced = 0
    for i in range(40):
        trials = trial_list(person(code=f"p{i}"), FACTORS, repeat=2)
        unbalanced += max(cells(trials[:4]).values()) > 1
    assert unbalanced > 0


def test_the_same_participant_always_gets_the_same_list() -> None:
    first = trial_list(person(), FACTORS, repeat=3, block_size=4)
    again = trial_list(person(), {"size": [1, 2], "color": ["r", "g"]}, repeat=3, block_size=4)
    assert first == again


def test_different_participants_get_different_lists() -> None:
    lists = {tuple(tuple(t.values()) for t in trial_list(person(code=f"p{i}"), FACTORS,
                                                         repeat=3))
             for i in range(20)}
    assert len(lists) > 15
    same_code_other_session = trial_list(person(session="s2"), FACTORS, repeat=3)
    assert same_code_other_session != trial_list(person(), FACTORS, repeat=3)


def test_two_different_calls_of_one_participant_are_independent() -> None:
    a = trial_list(person(), {"x": list(range(8))})
    b = trial_list(person(), {"y": list(range(8))})
    assert [t["x"] for t in a] != [t["y"] for t in b]


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_the_latin_square_has_each_value_once_per_row_and_per_position(n: int) -> None:
    square = latin_square_rows(n)
    assert len(square) == n
    for row in square:
        assert sorted(row) == list(range(n))
    for position in range(n):
        assert sorted(row[position] for row in square) == list(range(n))


@pytest.mark.parametrize("n", [2, 4, 6])
def test_an_even_square_balances_which_value_follows_which(n: int) -> None:
    pairs = Counter((row[i], row[i + 1]) for row in latin_square_rows(n) for i in range(n - 1))
    assert set(pairs.values()) == {1} and len(pairs) == n * (n - 1)


def test_latin_square_orders_the_factors_values_across_participants() -> None:
    """n consecutive participants of a session take the n rows: across them, each size comes
    in each position once; within one list the trials are grouped by size in that order."""
    factors = {"size": [1, 2, 3], "color": ["r", "g"]}
    orders = []
    for i in range(1, 4):
        trials = trial_list(person(code=f"p{i}", id_in_session=i), factors, repeat=2,
                            latin_square="size")
        sizes = [t["size"] for t in trials]
        order = list(dict.fromkeys(sizes))
        assert sizes == [s for s in order for _ in range(4)]  # grouped, 2 colors × 2 repeats
        assert order == trials.latin_row
        orders.append(order)
    for position in range(3):
        assert sorted(o[position] for o in orders) == [1, 2, 3]


def test_latin_square_with_blocks_shuffles_within_each_values_group() -> None:
    trials = trial_list(person(), FACTORS, repeat=2, block_size=2, latin_square="color")
    colors = [t["color"] for t in trials]
    assert colors[:4] == [colors[0]] * 4 and colors[4:] == [colors[4]] * 4
    for start in range(0, 8, 2):
        assert sorted(t["size"] for t in trials[start:start + 2]) == [1, 2]


def test_trial_n_counts_from_one_as_rounds_do() -> None:
    trials = trial_list(person(), FACTORS)
    assert trials.trial(1) == trials[0] and trials.trial(4) == trials[3]
    with pytest.raises(IndexError, match="trials 1 to 4"):
        trials.trial(5)
    with pytest.raises(IndexError):
        trials.trial(0)


def test_a_player_is_taken_as_its_participant() -> None:
    p = person()
    assert trial_list(SimpleNamespace(participant=p), FACTORS) == trial_list(p, FACTORS)


@pytest.mark.parametrize("kwargs, message", [
    ({"factors": {}}, "non-empty dict"),
    ({"factors": ["size"]}, "non-empty dict"),
    ({"factors": {"size": []}}, "non-empty list"),
    ({"factors": {"size": "12"}}, "non-empty list"),
    ({"factors": {"size": [1, 1]}}, "twice"),
    ({"factors": {"size": [[1]]}}, "values are text"),
    ({"factors": {"": [1]}}, "non-empty text"),
    ({"factors": FACTORS, "repeat": 0}, "repeat"),
    ({"factors": FACTORS, "repeat": 1.5}, "repeat"),
    ({"factors": FACTORS, "block_size": 0}, "block_size"),
    ({"factors": FACTORS, "latin_square": "shape"}, "latin_square names a factor"),
])
def test_malformed_arguments_are_refused_by_name(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        trial_list(person(), **kwargs)
