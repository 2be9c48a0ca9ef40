#!/usr/bin/env python3
"""The markdown report of one sitting made by sitting.sh (also usable on an interrupted one).

    python sitting_report.py SITTING_OUT > SITTING_OUT/sitting.md

Reads SITTING_OUT/sitting.env (what was measured, written by sitting.sh) and every run's JSON
SITTING_OUT/round<r>/<configuration>/*.json (the preflight is left out), and prints:
game pages/s per round; the ratios within each round (Quorum / uproot, two processes / one,
after / before); a summary per configuration (medians over the rounds); issue 8's targets
against the "after" figures; every run's line as `drive.py table` prints it.
Ratios are only ever taken between runs of the same round.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drive import TABLE_HEADER, table_line  # noqa: E402

CONFIGS = {  # configuration -> name in the tables
    "uproot": "uproot",
    "otree": "oTree",
    "quorum-before": "Quorum before, 1 daphne",
    "quorum2-before": "Quorum before, 2 daphne",
    "quorum-after": "Quorum after, 1 daphne",
    "quorum2-after": "Quorum after, 2 daphne",
}
RATIOS = [  # (column, numerator, denominator)
    ("before 1p ÷ uproot", "quorum-before", "uproot"),
    ("before 2p ÷ uproot", "quorum2-before", "uproot"),
    ("after 1p ÷ uproot", "quorum-after", "uproot"),
    ("after 2p ÷ uproot", "quorum2-after", "uproot"),
    ("before 2p ÷ 1p", "quorum2-before", "quorum-before"),
    ("after 2p ÷ 1p", "quorum2-after", "quorum-after"),
    ("after ÷ before, 1p", "quorum-after", "quorum-before"),
    ("after ÷ before, 2p", "quorum2-after", "quorum2-before"),
    ("after 1p ÷ oTree", "quorum-after", "otree"),
]


def load(out: Path) -> dict[int, dict[str, dict[str, Any]]]:
    runs: dict[int, dict[str, dict[str, Any]]] = {}
    for path in sorted(out.glob("round*/*/*.json")):
        m = re.fullmatch(r"round(\d+)", path.parent.parent.name)
        if not m or path.parent.name not in CONFIGS:
            continue
        runs.setdefault(int(m.group(1)), {})[path.parent.name] = json.loads(path.read_text())
    return runs


def good(res: dict[str, Any] | None) -> bool:
    return bool(res) and res["errors"] == 0 and res["completed"] == res["participants"] \
        and bool(res["verify"].get("ok"))


def pages(res: dict[str, Any] | None) -> float | None:
    return res["game_pages_per_s"] if good(res) else None


def med(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def f(v: float | None, digits: int = 1) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


def pair(res: dict[str, Any], key: str) -> tuple[float | None, float | None]:
    s = res["latency_ms"]["step"] if key == "step" else res["wait_ms"]
    return (s.get("p50"), s.get("p95")) if s.get("n") else (None, None)


def main(out: Path) -> None:
    env = (out / "sitting.env").read_text().splitlines() if (out / "sitting.env").exists() else []
    runs = load(out)
    rounds = sorted(runs)
    present = [c for c in CONFIGS if any(c in runs[r] for r in rounds)]
    stagger = next((res.get("stagger_ms", 0) for r in rounds for res in runs[r].values()), 0)
    head = next((line for line in env if line.startswith("N=")), "")
    day = next((line.split()[1][:10] for line in env if line.startswith("started:")), "")
    print(f"### Peer harness sitting {day} ({head.split(';')[0] or 'see sitting.env'})\n")
    for line in env:
        print(f"- {line}")
    if not rounds:
        print("\nNo finished run yet.")
        return
    order = {}
    log = out / "sitting.log"
    if log.exists():
        for line in log.read_text().splitlines():
            m = re.search(r"round (\d+) of \d+: (.*)$", line)
            if m:
                order[int(m.group(1))] = m.group(2)

    print("\n#### Game pages/s per round\n")
    print("| round | " + " | ".join(CONFIGS[c] for c in present) + " | order |")
    print("|---" * (len(present) + 2) + "|")
    for r in rounds:
        cells = []
        for c in present:
            res = runs[r].get(c)
            cells.append("missing" if res is None else (f(pages(res)) if good(res) else "failed"))
        print(f"| {r} | " + " | ".join(cells) + f" | {order.get(r, '')} |")
    print("| median | " + " | ".join(f(med([pages(runs[r].get(c)) for r in rounds])) for c in present)
          + " | |")

    ratios = [(name, a, b) for name, a, b in RATIOS if a in present and b in present]
    if ratios:
        print("\n#### Ratios within each round (game pages/s)\n")
        print("| round | " + " | ".join(name for name, _, _ in ratios) + " |")
        print("|---" * (len(ratios) + 1) + "|")
        per: dict[str, list[float | None]] = {name: [] for name, _, _ in ratios}
        for r in rounds:
            cells = []
            for name, a, b in ratios:
                pa, pb = pages(runs[r].get(a)), pages(runs[r].get(b))
                v = pa / pb if pa and pb else None
                per[name].append(v)
                cells.append(f(v, 2))
            print(f"| {r} | " + " | ".join(cells) + " |")
        print("| median | " + " | ".join(f(med(per[name]), 2) for name, _, _ in ratios) + " |")

    print("\n#### Summary per configuration (medians over the rounds)\n")
    wait_col = "wait p50/p95 ms" + (f" (stagger {stagger} ms; minus stagger)" if stagger else "")
    print(f"| configuration | pages/s per round | median | step p50/p95 ms | {wait_col} "
          "| srv CPU ms/page | pg CPU ms/page | lost pushes | machine busy % | driver CPU s | ok runs |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for c in present:
        rs = [runs[r][c] for r in rounds if c in runs[r]]
        ok = [x for x in rs if good(x)]
        per_round = " / ".join(f(pages(runs[r].get(c))) for r in rounds)
        s50, s95 = med([pair(x, "step")[0] for x in ok]), med([pair(x, "step")[1] for x in ok])
        w50, w95 = med([pair(x, "wait")[0] for x in ok]), med([pair(x, "wait")[1] for x in ok])
        wait = f"{f(w50, 0)}/{f(w95, 0)}"
        if stagger and w50 is not None and w95 is not None:
            wait += f" ({f(w50 - stagger, 0)}/{f(w95 - stagger, 0)})"
        srv = med([x["server_cpu"]["ms_per_game_page"] for x in ok if "server_cpu" in x])
        pg = med([x["postgres_cpu"]["ms_per_game_page"] for x in ok if "postgres_cpu" in x])
        lost = " / ".join(str(x["quorum"]["push_missed"]) for x in rs if "quorum" in x) or "–"
        busy = med([x["machine_cpu"].get("busy_pct") for x in ok])
        drv = med([x["driver_cpu_s"] for x in ok])
        print(f"| {CONFIGS[c]} | {per_round} | {f(med([pages(x) for x in ok]))} "
              f"| {f(s50, 0)}/{f(s95, 0)} | {wait} | {f(srv, 2)} | {f(pg, 2)} | {lost} | {f(busy, 0)} "
              f"| {f(drv, 1)} | {len(ok)} of {len(rs)} |")

    if "quorum-after" in present:
        print("\n#### Issue 8's targets, \"after\" figures of this sitting\n")

        def verdict(ok: bool | None) -> str:
            return "no figure" if ok is None else ("met" if ok else "not met")

        def ratio(a: str, b: str) -> float | None:
            per = []
            for r in rounds:
                pa, pb = pages(runs[r].get(a)), pages(runs[r].get(b))
                per.append(pa / pb if pa and pb else None)
            return med(per)

        ra = ratio("quorum-after", "uproot")
        ok1 = [runs[r]["quorum-after"] for r in rounds if good(runs[r].get("quorum-after"))]
        cpu = med([x["server_cpu"]["ms_per_game_page"] for x in ok1 if "server_cpu" in x])
        s95 = med([pair(x, "step")[1] for x in ok1])
        two = ratio("quorum2-after", "quorum-after")
        print(f"- pages/s at least 1.5x uproot's, one process: median ratio {f(ra, 2)}: "
              f"{verdict(None if ra is None else ra >= 1.5)}")
        print(f"- server CPU at most 3 ms per page, one process: {f(cpu, 2)} ms: "
              f"{verdict(None if cpu is None else cpu <= 3)}")
        print(f"- step p95 at most 100 ms at {ok1[0]['concurrency'] if ok1 else '?'} in flight: "
              f"{f(s95, 0)} ms: {verdict(None if s95 is None else s95 <= 100)}")
        print(f"- two processes at least 1.7x one: median ratio {f(two, 2)}: "
              f"{verdict(None if two is None else two >= 1.7)} (on 2 cores shared with PostgreSQL and "
              "the driver, read it with the machine busy column)")
        print("- wait-page release within 50 ms (p95) of the last arrival's commit: not measured by this "
              "harness (its wait clock starts when the first member gets the wait page); "
              "bench/wait_latency.py measures it" + (f"; with the {stagger} ms stagger, wait minus the "
                                                     "stagger is the partner's submit plus the release"
                                                     if stagger else ""))

    print("\n#### Every run (`drive.py table`)\n")
    print("| round " + TABLE_HEADER.splitlines()[0])
    print("|---" + TABLE_HEADER.splitlines()[1])
    for r in rounds:
        for c in CONFIGS:
            if c in runs[r]:
                print(f"| {r} " + table_line(runs[r][c]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sitting_report.py SITTING_OUT")
    main(Path(sys.argv[1]))
