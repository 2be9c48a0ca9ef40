#!/usr/bin/env bash
# Profile Quorum's server under the peer harness's load: one run of run_side_by_side.sh
# (N=200 C=50 on PostgreSQL by default) with py-spy attached to the daphne process from the
# moment it listens until it stops, then the hotspots (profile_summary.py).
#
#   bench/peers/profile_quorum.sh                       # HEAD, one daphne
#   PROFILE_COMMIT=87594a0 bench/peers/profile_quorum.sh
#
# Environment (defaults in brackets):
#   PROFILE_COMMIT  Quorum commit profiled, exported with `git archive` (never the working tree) [HEAD]
#   PROFILE_SYSTEM  quorum (one daphne) | quorum2 (both daphne processes, py-spy --subprocesses) [quorum]
#   BENCH_RUNS      one N:C pair                                               [200:50]
#   PYSPY           py-spy binary [$BENCH_VENVS/pyspy-venv/bin/py-spy; that venv is made if missing]
#   PYSPY_RATE      samples per second                                         [100]
#   PROFILE_OUT     results folder  [bench/peers/results/profile-<commit>-<UTC time> (git-ignored)]
#   PROFILE_TOP     rows per hotspot table                                     [15]
#   and everything run_side_by_side.sh reads (BENCH_VENVS [$HOME/.cache/peers-bench], QUORUM_VENV,
#   QUORUM_REDIS_DB, PG*, BENCH_STAGGER_MS, ...).
#
# Output: PROFILE_OUT/<run>.pyspy.txt (py-spy's collapsed stacks, "frame;frame;... count", one
# line per distinct stack; feed it to flamegraph.pl or speedscope), the run's JSON and table line,
# and profile.md (the run's figures and the top self-time and cumulative functions with their share
# of the samples). py-spy samples only threads that are running (no --idle), so the shares are
# shares of the server's CPU. Sampling slows the server a little: read shares, not times.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(git -C "$HERE" rev-parse --show-toplevel)"
PROFILE_COMMIT="${PROFILE_COMMIT:-HEAD}"
PROFILE_SYSTEM="${PROFILE_SYSTEM:-quorum}"
export BENCH_RUNS="${BENCH_RUNS:-200:50}"
export BENCH_VENVS="${BENCH_VENVS:-$HOME/.cache/peers-bench}"
export DRIVER_PYTHON="${DRIVER_PYTHON:-$BENCH_VENVS/driver-venv/bin/python}"
PYSPY="${PYSPY:-$BENCH_VENVS/pyspy-venv/bin/py-spy}"
PYSPY_RATE="${PYSPY_RATE:-100}"
SHA="$(git -C "$REPO" rev-parse --verify "$PROFILE_COMMIT^{commit}")"
PROFILE_OUT="${PROFILE_OUT:-$HERE/results/profile-${SHA:0:7}-$(date -u +%Y%m%dT%H%M%SZ)}"
case "$PROFILE_SYSTEM" in quorum|quorum2) ;; *) echo "PROFILE_SYSTEM: quorum or quorum2" >&2; exit 2 ;; esac

if [[ ! -x "$PYSPY" ]]; then
    python3.11 -m venv "$BENCH_VENVS/pyspy-venv"
    "$BENCH_VENVS/pyspy-venv/bin/pip" install -q --disable-pip-version-check py-spy
    PYSPY="$BENCH_VENVS/pyspy-venv/bin/py-spy"
fi
mkdir -p "$PROFILE_OUT"
SRC="$(mktemp -d "${TMPDIR:-/tmp}/quorum-profile-src-XXXXXX")"
trap 'rm -rf "$SRC"' EXIT
git -C "$REPO" archive "$SHA" | tar -C "$SRC" -xf -

SUBPROCESSES=""
[[ "$PROFILE_SYSTEM" == quorum2 ]] && SUBPROCESSES=--subprocesses
# The hook: wait until the server listens (start-up and imports are left out), then record
# until the server exits.
HOOK='for _ in $(seq 600); do (exec 3<>"/dev/tcp/127.0.0.1/$SERVER_PORT") 2>/dev/null && break; sleep 0.1; done
exec "'"$PYSPY"'" record --pid "$SERVER_PID" --rate '"$PYSPY_RATE"' --format raw --nolineno --gil '"$SUBPROCESSES"' -o "$BENCH_OUT/$RUN_TAG.pyspy.txt"'

{
    echo "commit: ${SHA:0:10} $(git -C "$REPO" log -1 --format='%cs %s' "$SHA" | cut -c1-100)"
    echo "run: $PROFILE_SYSTEM, BENCH_RUNS=$BENCH_RUNS, postgres, stagger ${BENCH_STAGGER_MS:-0} ms; py-spy $("$PYSPY" --version | cut -d' ' -f2) at $PYSPY_RATE Hz"
    echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$PROFILE_OUT/profile.env"

QUORUM_SRC="$SRC" BENCH_OUT="$PROFILE_OUT" BENCH_LABEL="py-spy, ${SHA:0:7}" BENCH_SERVER_HOOK="$HOOK" \
    "$HERE/run_side_by_side.sh" "$PROFILE_SYSTEM" postgres
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$PROFILE_OUT/profile.env"

stacks=("$PROFILE_OUT"/*.pyspy.txt)
[[ -s "${stacks[0]}" ]] || { echo "no profile written; see $PROFILE_OUT/*.hook.log" >&2; exit 1; }
"$DRIVER_PYTHON" "$HERE/profile_summary.py" --top "${PROFILE_TOP:-15}" --env "$PROFILE_OUT/profile.env" \
    --run "$(ls "$PROFILE_OUT"/*.json | head -1)" "${stacks[0]}" | tee "$PROFILE_OUT/profile.md"
echo "profile: $PROFILE_OUT/profile.md"
