#!/usr/bin/env bash
# Issue 8's sitting in one command: uproot, oTree, Quorum "before" and Quorum "after", each
# Quorum on one and on two daphne processes, for SITTING_ROUNDS interleaved rounds, N=200 C=50 on
# PostgreSQL (run_side_by_side.sh does every run: fresh server, fresh database), then one report:
# every run's table line (drive.py table), game pages/s per round, the ratios (Quorum / uproot in
# the same round, two processes / one, after / before) and a summary, written to
# $SITTING_OUT/sitting.md for bench/RESULTS.md.
#
#   BEFORE_COMMIT=<sha> bench/peers/sitting.sh
#
# "before" is BEFORE_COMMIT and "after" AFTER_COMMIT (default HEAD), both exported with
# `git archive` from the repository this script is in into a temporary folder: never the live
# working tree, whose uncommitted changes are not measured (the script says how many there are).
# The harness itself (drive.py, the games, run_side_by_side.sh) is the one next to this script,
# the same for every run.
#
# Environment (defaults in brackets):
#   BEFORE_COMMIT     Quorum commit measured as "before" (required)
#   AFTER_COMMIT      Quorum commit measured as "after"                       [HEAD]
#   SITTING_ROUNDS    interleaved rounds                                      [3]
#   SITTING_SYSTEMS   configurations per round, in round 1's order (later rounds rotate it by one
#                     place each, so that no system always runs first or last)
#                     [uproot otree quorum-before quorum2-before quorum-after quorum2-after]
#   BENCH_RUNS        one N:C pair                                            [200:50]
#   BENCH_STAGGER_MS  odd participants submit their Decision this much later, so that every even
#                     participant waits on the wait page in every round (wait-page release)  [0]
#   BENCH_THINK_MS, BENCH_WAIT_MODE, BENCH_RAW, BENCH_KEEP_DB: passed to run_side_by_side.sh
#   SITTING_OUT       results folder        [bench/peers/results/sitting-<UTC time> (git-ignored)]
#   SITTING_PREFLIGHT 1: first a tiny run (N=4, C=2) of every configuration, stop if one fails;
#                     its durations refine the estimate                      [1]
#   SITTING_PAUSE_S   pause between runs (dropped database, PostgreSQL settles) [5]
#   SITTING_DB        database kind for every run: postgres | sqlite         [postgres]
#   BENCH_VENVS, OTREE_VENV, UPROOT_VENV, DRIVER_PYTHON, QUORUM_VENV, QUORUM_REDIS,
#   QUORUM_REDIS_DB, PGHOST, PGPORT, PGUSER, PGPASSWORD: as in run_side_by_side.sh
#   [BENCH_VENVS=$HOME/.cache/peers-bench]. Missing oTree, uproot and driver venvs are made
#   with setup_venvs.sh; QUORUM_VENV (made if missing) gets the dependencies that the "before"
#   and "after" pyproject.toml files declare (pip install; nothing if they are installed).
#
# Before a sitting: a quiet machine (the script prints the load average and warns above 0.5),
# PostgreSQL with the role `bench` and Redis up (README.md, "Setting up from scratch").
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(git -C "$HERE" rev-parse --show-toplevel)"

: "${BEFORE_COMMIT:?set BEFORE_COMMIT to the Quorum commit measured as before, e.g. the parent of the first change for issue 8}"
AFTER_COMMIT="${AFTER_COMMIT:-HEAD}"
SITTING_ROUNDS="${SITTING_ROUNDS:-3}"
SITTING_SYSTEMS="${SITTING_SYSTEMS:-uproot otree quorum-before quorum2-before quorum-after quorum2-after}"
SITTING_PREFLIGHT="${SITTING_PREFLIGHT:-1}"
SITTING_PAUSE_S="${SITTING_PAUSE_S:-5}"
SITTING_DB="${SITTING_DB:-postgres}"
export BENCH_RUNS="${BENCH_RUNS:-200:50}"
export BENCH_STAGGER_MS="${BENCH_STAGGER_MS:-0}"
export BENCH_VENVS="${BENCH_VENVS:-$HOME/.cache/peers-bench}"
export QUORUM_VENV="${QUORUM_VENV:-$BENCH_VENVS/quorum-venv}"
export DRIVER_PYTHON="${DRIVER_PYTHON:-$BENCH_VENVS/driver-venv/bin/python}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-bench}" PGPASSWORD="${PGPASSWORD:-bench}"
SITTING_OUT="${SITTING_OUT:-$HERE/results/sitting-$(date -u +%Y%m%dT%H%M%SZ)}"
PYTHON="${PYTHON:-python3.11}"

read -r -a RUNS <<<"$BENCH_RUNS"
[[ ${#RUNS[@]} == 1 && "${RUNS[0]}" =~ ^[0-9]+:[0-9]+$ ]] || { echo "BENCH_RUNS must be one N:C pair (got '$BENCH_RUNS')" >&2; exit 2; }
N="${RUNS[0]%%:*}"; C="${RUNS[0]##*:}"
read -r -a SYSTEMS <<<"$SITTING_SYSTEMS"
for s in "${SYSTEMS[@]}"; do
    case "$s" in uproot|otree|quorum-before|quorum2-before|quorum-after|quorum2-after) ;;
        *) echo "unknown configuration in SITTING_SYSTEMS: $s" >&2; exit 2 ;; esac
done

BEFORE_SHA="$(git -C "$REPO" rev-parse --verify "$BEFORE_COMMIT^{commit}")"
AFTER_SHA="$(git -C "$REPO" rev-parse --verify "$AFTER_COMMIT^{commit}")"
mkdir -p "$SITTING_OUT"
SRC="$(mktemp -d "${TMPDIR:-/tmp}/quorum-sitting-src-XXXXXX")"
trap 'rm -rf "$SRC"' EXIT
trap 'echo "interrupted; results so far in $SITTING_OUT" >&2; exit 130' INT TERM

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$SITTING_OUT/sitting.log"; }

# --- the two Quorum trees, exported from git
for which in before after; do
    sha="$BEFORE_SHA"; [[ $which == after ]] && sha="$AFTER_SHA"
    mkdir -p "$SRC/$which"
    git -C "$REPO" archive "$sha" | tar -C "$SRC/$which" -xf -
done
DIRTY="$(git -C "$REPO" status --porcelain --untracked-files=no | wc -l)"

# --- venvs
missing=()
[[ -x "$BENCH_VENVS/otree-venv/bin/otree" ]] || missing+=(otree)
[[ -x "$BENCH_VENVS/uproot-venv/bin/python" ]] || missing+=(uproot)
[[ -x "$DRIVER_PYTHON" ]] || missing+=(driver)
if [[ ${#missing[@]} -gt 0 ]]; then
    log "making venvs: ${missing[*]} (setup_venvs.sh)"
    "$HERE/setup_venvs.sh" "${missing[@]}"
fi
if [[ ! -x "$QUORUM_VENV/bin/python" ]]; then
    log "making $QUORUM_VENV"
    "$PYTHON" -m venv "$QUORUM_VENV"
fi
for which in before after; do
    mapfile -t deps < <("$QUORUM_VENV/bin/python" -c '
import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]))' "$SRC/$which/pyproject.toml")
    "$QUORUM_VENV/bin/pip" install -q --disable-pip-version-check "${deps[@]}" 2>&1 | grep -v '^WARNING: Location' || true
done
"$QUORUM_VENV/bin/pip" check --disable-pip-version-check >/dev/null 2>&1 \
    || log "warning: pip check reports conflicts in $QUORUM_VENV: $("$QUORUM_VENV/bin/pip" check 2>&1 | head -3 | tr '\n' ';')"

# --- services
if [[ "$SITTING_DB" == postgres ]] && ! psql -Atqc 'select 1' postgres >/dev/null 2>&1; then
    echo "PostgreSQL at $PGHOST:$PGPORT refuses user $PGUSER; make the role (README.md):" >&2
    echo "  psql -U postgres -c \"CREATE ROLE bench LOGIN CREATEDB PASSWORD 'bench'\"" >&2
    exit 2
fi
"$QUORUM_VENV/bin/python" -c 'import redis, sys; redis.Redis.from_url(sys.argv[1]).ping()' \
    "${QUORUM_REDIS:-redis://127.0.0.1:6379}/${QUORUM_REDIS_DB:-15}" \
    || { echo "Redis at ${QUORUM_REDIS:-redis://127.0.0.1:6379} does not answer" >&2; exit 2; }

# --- one run of one configuration: run_side_by_side.sh with the right Quorum tree and label
run_one() {  # $1 configuration, $2 output folder, $3 N:C
    local cfg="$1" out="$2" system="$1" label="" src="${QUORUM_SRC:-}"
    case "$cfg" in
        quorum-before|quorum2-before) system="${cfg%-before}"; src="$SRC/before"; label="before ${BEFORE_SHA:0:7}" ;;
        quorum-after|quorum2-after)   system="${cfg%-after}";  src="$SRC/after";  label="after ${AFTER_SHA:0:7}" ;;
    esac
    mkdir -p "$out"
    env ${src:+QUORUM_SRC="$src"} BENCH_OUT="$out" BENCH_RUNS="$3" BENCH_LABEL="$label" \
        "$HERE/run_side_by_side.sh" "$system" "$SITTING_DB" >"$out/run.log" 2>&1 || true
    ls "$out"/*.json >/dev/null 2>&1
}

# --- estimate: seconds per run = fixed cost (start, migrate, session, verify, stop) + load phase
# (N x 10 game pages at the rate of issue 8's table for that configuration); the preflight
# measures the fixed cost, later rounds use the duration the same configuration took before.
declare -A FIXED=([uproot]=10 [otree]=12 [quorum-before]=25 [quorum2-before]=30 [quorum-after]=25 [quorum2-after]=30)
declare -A RATE=([uproot]=159 [otree]=42 [quorum-before]=75 [quorum2-before]=97 [quorum-after]=75 [quorum2-after]=97)
declare -A TOOK=()
estimate_run() {  # $1 configuration -> seconds
    if [[ -n "${TOOK[$1]:-}" ]]; then echo "${TOOK[$1]}"; return; fi
    echo $(( FIXED[$1] + N * 10 / RATE[$1] + SITTING_PAUSE_S ))
}
fmt_s() { printf '%d min %02d s' $(( $1 / 60 )) $(( $1 % 60 )); }

{
    echo "started: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "Quorum before: ${BEFORE_SHA:0:10} $(git -C "$REPO" log -1 --format='%cs %s' "$BEFORE_SHA" | cut -c1-100)"
    echo "Quorum after:  ${AFTER_SHA:0:10} $(git -C "$REPO" log -1 --format='%cs %s' "$AFTER_SHA" | cut -c1-100)"
    echo "uncommitted changes in the working tree (not measured): $DIRTY tracked files"
    echo "N=$N C=$C db=$SITTING_DB think=${BENCH_THINK_MS:-0} ms stagger=$BENCH_STAGGER_MS ms wait=${BENCH_WAIT_MODE:-push}; rounds=$SITTING_ROUNDS; configurations: ${SYSTEMS[*]}"
    echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$SITTING_OUT/sitting.env" | tee -a "$SITTING_OUT/sitting.log"
for v in otree-venv uproot-venv driver-venv; do
    echo "$v: $("$BENCH_VENVS/$v/bin/pip" freeze --disable-pip-version-check 2>/dev/null | grep -iE '^(otree|uproot-science|starlette|uvicorn|httpx|websockets)==' | tr '\n' ' ')"
done >>"$SITTING_OUT/sitting.env"
echo "quorum-venv: $("$QUORUM_VENV/bin/pip" freeze --disable-pip-version-check 2>/dev/null | grep -iE '^(django|channels|channels-redis|daphne|psycopg|psycopg-pool|twisted|djangorestframework)==' | tr '\n' ' ')" >>"$SITTING_OUT/sitting.env"
if awk '{exit !($1 > 0.5)}' /proc/loadavg; then
    log "warning: load average $(cut -d' ' -f1 /proc/loadavg) > 0.5: the machine is not quiet, figures will not be comparable with another sitting"
fi

total=0
for s in "${SYSTEMS[@]}"; do total=$(( total + $(estimate_run "$s") )); done
total=$(( total * SITTING_ROUNDS ))
[[ "$SITTING_PREFLIGHT" == 1 ]] && total=$(( total + ${#SYSTEMS[@]} * 15 ))
log "estimated duration: about $(fmt_s $total) (${#SYSTEMS[@]} configurations x $SITTING_ROUNDS rounds at N=$N C=$C$([[ $SITTING_PREFLIGHT == 1 ]] && echo ', plus the preflight'))"

# --- preflight: every configuration once at N=4, C=2 (catches a broken tree or venv in minutes)
if [[ "$SITTING_PREFLIGHT" == 1 ]]; then
    for s in "${SYSTEMS[@]}"; do
        t0=$SECONDS
        if ! run_one "$s" "$SITTING_OUT/preflight/$s" "4:2" || ! grep -q '| OK |' "$SITTING_OUT/preflight/$s/table.md"; then
            log "preflight: $s FAILED; see $SITTING_OUT/preflight/$s/ (run.log, *.txt, server logs)"
            tail -5 "$SITTING_OUT/preflight/$s/run.log" >&2 || true
            exit 1
        fi
        took=$(( SECONDS - t0 ))
        FIXED[$s]=$took
        log "preflight: $s OK in ${took} s"
    done
    total=0
    for s in "${SYSTEMS[@]}"; do total=$(( total + $(estimate_run "$s") )); done
    log "estimated duration of the rounds: about $(fmt_s $(( total * SITTING_ROUNDS )))"
fi

# --- the rounds
started=$SECONDS
k=0; count=$(( ${#SYSTEMS[@]} * SITTING_ROUNDS ))
for ((r = 1; r <= SITTING_ROUNDS; r++)); do
    order=()
    for ((i = 0; i < ${#SYSTEMS[@]}; i++)); do order+=("${SYSTEMS[$(( (i + r - 1) % ${#SYSTEMS[@]} ))]}"); done
    log "round $r of $SITTING_ROUNDS: ${order[*]}"
    for ((i = 0; i < ${#order[@]}; i++)); do
        s="${order[$i]}"; k=$(( k + 1 ))
        t0=$SECONDS
        if run_one "$s" "$SITTING_OUT/round$r/$s" "$N:$C"; then
            line="$(tail -1 "$SITTING_OUT/round$r/$s/table.md")"
        else
            line="FAILED, see $SITTING_OUT/round$r/$s/run.log"
        fi
        sleep "$SITTING_PAUSE_S"
        TOOK[$s]=$(( SECONDS - t0 ))
        left=0
        for ((j = i + 1; j < ${#order[@]}; j++)); do left=$(( left + $(estimate_run "${order[$j]}") )); done
        for x in "${SYSTEMS[@]}"; do left=$(( left + (SITTING_ROUNDS - r) * $(estimate_run "$x") )); done
        log "run $k/$count round $r $s: ${TOOK[$s]} s; about $(fmt_s $left) left"
        log "  $line"
    done
done
log "rounds done in $(fmt_s $(( SECONDS - started )))"

"$DRIVER_PYTHON" "$HERE/sitting_report.py" "$SITTING_OUT" >"$SITTING_OUT/sitting.md"
cat "$SITTING_OUT/sitting.md"
log "report: $SITTING_OUT/sitting.md (paste into bench/RESULTS.md)"
