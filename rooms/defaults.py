"""`room(...)`: a room declared in code (config/deployment.py's DEFAULT_ROOMS)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RoomSpec:
    name: str
    config: str = ""
    labels: list[str] = field(default_factory=list)
    capacity: int | None = None
    open: bool = False
    min_participants: int | None = None


def read_labels_file(path: str | Path) -> list[str]:
    """One label per line; blank lines and surrounding spaces are ignored."""
    text = Path(path).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def room(name: str, *, config: str = "", labels: list[str] | None = None,
         labels_file: str | Path | None = None, capacity: int | None = None,
         open: bool = False,  # noqa: A002  (uproot's keyword)
         min_participants: int | None = None) -> RoomSpec:
    """Declare a room; it is created at server start if no room of that name exists."""
    all_labels = list(labels or [])
    if labels_file is not None:
        all_labels += read_labels_file(labels_file)
    return RoomSpec(name=name, config=config, labels=all_labels, capacity=capacity, open=open,
                    min_participants=min_participants)
