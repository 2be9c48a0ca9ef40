"""condition_counts(session): how balanced the assignments of a session's pool are now.

A read for experimenters and their bots (exported by sessions_core.api): for each stratum of the
pool the session's assignments are balanced in (its SessionType's real sessions, or its test
sessions), every combination of the conditions with the number of units that count for
balancing now, as the assignment counts them (services.pool_counts: excluded, overridden and
expired units do not count).
"""
from __future__ import annotations

from typing import Any

from sessions_core.conditions.models import ConditionBalance
from sessions_core.conditions.services import cell_key, condition_cells, pool_counts
from sessions_core.experimenter.registry import session_type
from sessions_core.models import Session

Counts = dict[str, list[tuple[dict[str, Any], int]]]


def condition_counts(session: Session) -> Counts:
    """{stratum: [(condition, count), ...]} with every combination, in the Cartesian
    product's order; the stratum is "" without condition_stratum. Empty when the SessionType
    declares no conditions or nothing was assigned yet."""
    st = session_type(session.session_type)
    if st.conditions is None:
        return {}
    cells = condition_cells(st)
    strata = (ConditionBalance.objects.filter(session_type=st.name, is_test=session.is_test)
              .order_by("stratum").values_list("stratum", flat=True))
    found: Counts = {}
    for stratum in strata:
        counts = pool_counts(st, is_test=session.is_test, stratum=stratum)
        found[stratum] = [(cell, counts.get(cell_key(cell), 0)) for cell in cells]
    return found
