"""record(): note that a hook ran (see the package docstring)."""
from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from tests.apps.cc_probe.models import HookRun

_lock = threading.Lock()
_calls: Counter[tuple[str, str, str]] = Counter()


def record(session: Any, kind: str, key: Any = "") -> None:
    with _lock:
        _calls[(session.name, kind, str(key))] += 1
    HookRun.objects.create(session_name=session.name, kind=kind, key=str(key))
    session.vars[kind] = session.vars.get(kind, 0) + 1


def calls(session: Any, kind: str) -> Counter[str]:
    """Runs per key in this process, rolled back or not."""
    with _lock:
        return Counter({key: n for (name, k, key), n in _calls.items()
                        if name == session.name and k == kind})


def committed(session: Any, kind: str) -> Counter[str]:
    """Runs per key that were committed."""
    rows = HookRun.objects.filter(session_name=session.name, kind=kind).values_list("key", flat=True)
    return Counter(rows)
