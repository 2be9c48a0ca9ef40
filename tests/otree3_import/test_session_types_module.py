"""experiments/imported_sessions.py: written so that Quorum loads it, and merged by name so that
importing again updates entries instead of duplicating them, keeping everything else."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sessions_core.errors import InvalidRequest
from sessions_core.experimenter.session_types import SessionType, validate_session_types
from sessions_core.porting.session_configs import SessionTypeSpec
from sessions_core.porting.session_types_module import session_types_module_merge


def spec(name: str, **arguments: Any) -> SessionTypeSpec:
    arguments = {"name": name, "app_sequence": ["x"], "fixed_pay": 250,
                 "real_world_currency_per_point": Decimal("1.00"), **arguments}
    return SessionTypeSpec(name=name, app_sequence=arguments["app_sequence"], arguments=arguments)


def load(source: str) -> list[SessionType]:
    namespace: dict[str, Any] = {}
    exec(compile(source, "imported_sessions.py", "exec"), namespace)  # noqa: S102  (our own output)
    return namespace["SESSION_TYPES"]


def test_the_written_module_gives_valid_session_types() -> None:
    text = session_types_module_merge(existing=None, specs=[
        spec("a", display_name="A", num_demo_participants=2, doc="Two\nlines", rounds=3),
        spec("b", **{"my-key": 1, "class": "x"}),
    ])
    types = validate_session_types(load(text), source="imported_sessions.py", known_apps={"x"})
    a, b = types["a"], types["b"]
    assert (a.display_name, a.num_demo_participants, a.doc) == ("A", 2, "Two\nlines")
    assert (a.fixed_pay, a.real_world_currency_per_point) == (250, Decimal("1.00"))
    assert a.config == {"rounds": 3}
    assert b.config == {"my-key": 1, "class": "x"}


def test_importing_again_updates_entries_in_place_and_keeps_the_others() -> None:
    first = session_types_module_merge(existing=None, specs=[spec("a"), spec("b")])
    edited = first.replace("fixed_pay=250,\n        real_world_currency_per_point=Decimal('1.00'),\n"
                           "    ),\n]", "fixed_pay=999,  # raised by hand\n"
                           "        real_world_currency_per_point=Decimal('1.00'),\n    ),\n]")
    edited = "# my own comment\n" + edited + "\nEXTRA = 1\n"
    second = session_types_module_merge(existing=edited, specs=[spec("a", fixed_pay=300), spec("c")])
    types = load(second)
    assert [t.name for t in types] == ["a", "b", "c"]
    assert [t.fixed_pay for t in types] == [300, 999, 250]
    assert second.startswith("# my own comment\n") and second.endswith("\nEXTRA = 1\n")
    assert session_types_module_merge(existing=second, specs=[spec("a", fixed_pay=300), spec("c")]) \
        == second


def test_a_module_without_its_list_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="has no `SESSION_TYPES = \\[...\\]` list"):
        session_types_module_merge(existing="SESSION_TYPES = list()\n", specs=[spec("a")])
    with pytest.raises(InvalidRequest, match="is not valid Python"):
        session_types_module_merge(existing="SESSION_TYPES = [\n", specs=[spec("a")])


def test_imports_removed_by_hand_are_put_back() -> None:
    text = session_types_module_merge(existing='"""Doc."""\nSESSION_TYPES = []\n', specs=[spec("a")])
    assert [t.name for t in load(text)] == ["a"]
