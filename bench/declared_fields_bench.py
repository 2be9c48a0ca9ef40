"""What declared fields (PARTICIPANT_FIELDS, SESSION_FIELDS: experimenter/declared.py) cost
where they are not used: every Participant and Session object Django builds goes through
DeclaredFieldsMixin.__setattr__ for each of its fields (the model's own names pass at once;
an undeclared name set by app code is refused). Measured without a database:

- from_db: building one Participant from a row of its columns, as every query does, with the
  mixin's __setattr__ and with it removed, µs per object (interleaved rounds, best of each);
- read: `participant.<declared>` against `participant.vars[...]`, µs per read.

    .venv/bin/python bench/declared_fields_bench.py [--record]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import benchdb  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
ROUNDS = 7
OBJECTS = 20_000


def per_call(action: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        action()
    return (time.perf_counter() - start) / count * 1e6


def measure() -> list[list[str]]:
    import django

    django.setup()
    from participants.models import Participant
    from sessions_core.experimenter.declared import DeclaredFieldsMixin, declare

    names = [f.attname for f in Participant._meta.concrete_fields]
    row = [None] * len(names)
    row[0] = 1

    def build() -> object:
        return Participant.from_db("default", names, row)

    setattr_of_mixin = DeclaredFieldsMixin.__setattr__
    with_mixin, without = [], []
    for _ in range(ROUNDS):  # interleaved, so that the machine's load falls on both alike
        DeclaredFieldsMixin.__setattr__ = setattr_of_mixin  # type: ignore[method-assign]
        with_mixin.append(per_call(build, OBJECTS))
        del DeclaredFieldsMixin.__setattr__
        without.append(per_call(build, OBJECTS))
    DeclaredFieldsMixin.__setattr__ = setattr_of_mixin  # type: ignore[method-assign]

    declare(participant=["score"])
    participant = build()
    participant.vars = {"score": 3}  # type: ignore[attr-defined]
    declared = min(per_call(lambda: participant.score, 200_000)  # type: ignore[attr-defined]
                   for _ in range(ROUNDS))
    plain = min(per_call(lambda: participant.vars["score"], 200_000)  # type: ignore[attr-defined]
                for _ in range(ROUNDS))
    return [
        [f"Participant.from_db ({len(names)} fields)", f"{min(with_mixin):.2f}",
         f"{min(without):.2f}"],
        ["read participant.score / participant.vars['score']", f"{declared:.3f}", f"{plain:.3f}"],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    args = parser.parse_args()
    header = f"{benchdb.today()}, {benchdb.machine()}, {benchdb.load()}"
    text = f"{header}\n\n" + benchdb.table(
        ["what", "µs with declared fields", "µs without (plain Django / vars)"], measure())
    print(text)
    if args.record:
        benchdb.record("declared_fields", text)


if __name__ == "__main__":
    main()
