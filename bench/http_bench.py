"""HTTP benchmark: server CPU per page served, requests/s and latency under load.

Starts --procs server processes (default 1; daphne, or --server uvicorn|granian) serving
config.asgi:application (or --app) on a fresh database, each on its own port on 127.0.0.1
(REDIS_URL only with --redis), and drives them with --clients concurrent client
threads in this process (http.client, keep-alive) that play public_goods sessions of
--participants participants the way browsers do:

- GET the participant page (/p/<session>/<participant>/) when arriving, and now and then again
  (a reload, --reload of the time);
- POST the page's form with valid data (a random contribution within the input's min/max; a few
  posts, --invalid of them, carry an out-of-range value and get the page back with an error);
- on a wait page, poll the state URL every --poll seconds (what wait.js does when its WebSocket
  is down; no WebSockets here) and GET the page once the position moved on.

Sessions are created and initialized in this process before the servers start (so initialization
is not part of the load), enough of them to keep the clients busy; --active of them are played at
a time. Each scenario stops after --seconds or --max-requests, whichever comes first.

Measured after the first --warmup responses: the server processes' CPU time (utime + stime from
/proc/<pid>/stat) divided by the responses served ("per page": divided by the HTML pages only,
the state polls' CPU included); requests/s; p50/p95 latency. On PostgreSQL also, from
pg_stat_database for the benchmark's own database: sessions (connections) opened and time spent
executing statements (lock waits included) per response.

    .venv/bin/python bench/http_bench.py              # SQLite; N=30 and 300; DEBUG false and true
    .venv/bin/python bench/http_bench.py --postgres --record
    .venv/bin/python bench/http_bench.py --participants 300 --debug false --procs 2
    .venv/bin/python bench/http_bench.py --participants 30 --debug false --profile   # cProfile
    .venv/bin/python bench/http_bench.py --participants 30 --debug false --py-spy    # sampling
    .venv/bin/python bench/http_bench.py --participants 30 --debug false \
        --app bench.asgi_variants:one_thread --server-env DB_CONN_MAX_AGE=600
    .venv/bin/python bench/http_bench.py --postgres --participants 30 --debug false \
        --server daphne,uvicorn,granian --rounds 3     # side by side, interleaved: A B C A B C ...

The server's CPU is that of its whole process tree (granian serves from a worker process it
spawns under a supervisor).
"""
from __future__ import annotations

import argparse
import heapq
import http.client
import itertools
import json
import os
import pstats
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import benchdb

SESSION_TYPE = "public_goods"
DEFAULT_APP = "config.asgi:application"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# --- reading pages (our own templates; regular expressions keep the client's CPU low) ------------

_TAG = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)
_ATTR = re.compile(r'([a-zA-Z_:][-\w:.]*)(?:\s*=\s*"([^"]*)")?')
_OPTION = re.compile(r'<option\b[^>]*value="([^"]*)"', re.I)
_SELECT = re.compile(r'<select\b([^>]*)>(.*?)</select>', re.I | re.S)
_WAIT = re.compile(r'id="quorum-wait"[^>]*?data-state="([^"]*)"[^>]*?data-position="([^"]*)"', re.S)


@dataclass
class FormInput:
    name: str
    kind: str
    value: str = ""
    low: float | None = None
    high: float | None = None
    options: list[str] = field(default_factory=list)


def parse_page(html: str) -> tuple[str, Any]:
    """("form", inputs) | ("wait", (state_url, position)) | ("finished", None) | ("other", None)."""
    wait = _WAIT.search(html)
    if wait:
        return "wait", (wait.group(1), wait.group(2))
    if 'name="_quorum_page"' in html:
        return "form", _form_inputs(html)
    if 'id="finished"' in html:
        return "finished", None
    return "other", None


def _form_inputs(html: str) -> dict[str, FormInput]:
    inputs: dict[str, FormInput] = {}
    for tag, raw in _TAG.findall(html):
        attrs = {k.lower(): v for k, v in _ATTR.findall(raw)}
        name = attrs.get("name")
        if not name:
            continue
        kind = tag.lower() if tag.lower() != "input" else attrs.get("type", "text").lower()
        item = inputs.setdefault(name, FormInput(name=name, kind=kind))
        if kind in ("radio", "checkbox"):
            item.options.append(attrs.get("value", "on"))
        else:
            item.value = attrs.get("value", "")
            item.low = _number(attrs.get("min"))
            item.high = _number(attrs.get("max"))
    for raw, body in _SELECT.findall(html):
        name = {k.lower(): v for k, v in _ATTR.findall(raw)}.get("name")
        if name in inputs:
            inputs[name].options = [v for v in _OPTION.findall(body) if v]
    return inputs


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def form_data(inputs: dict[str, FormInput], rng: random.Random, invalid: bool) -> dict[str, str]:
    """What a participant types: something valid, or (invalid) one number out of range."""
    data: dict[str, str] = {}
    spoiled = False
    for item in inputs.values():
        if item.kind == "hidden":
            data[item.name] = item.value
        elif item.kind == "number":
            low = item.low if item.low is not None else 0
            high = item.high if item.high is not None else low + 100
            if invalid and not spoiled:
                data[item.name], spoiled = str(int(high) + 1), True
            else:
                data[item.name] = str(rng.randint(int(low), int(high)))
        elif item.options:
            data[item.name] = rng.choice(item.options)
        elif item.kind in ("text", "textarea"):
            data[item.name] = "bench"
    return data


# --- the load ----------------------------------------------------------------------------------

@dataclass(order=True)
class Visitor:
    """One participant's browser: where it is and what it does next."""

    ready_at: float
    seq: int
    session_name: str = field(compare=False)
    name: str = field(compare=False)
    port: int = field(compare=False)
    cookie: str = field(compare=False, default="")
    next: str = field(compare=False, default="get")  # get | post | poll | done
    inputs: dict[str, FormInput] = field(compare=False, default_factory=dict)
    state_url: str = field(compare=False, default="")
    position: str = field(compare=False, default="")

    @property
    def url(self) -> str:
        return f"/p/{self.session_name}/{self.name}/"


@dataclass
class Sample:
    kind: str
    status: int
    seconds: float
    done_at: float


class Load:
    """A closed loop of client threads over a schedule of visitors, bounded in time and count."""

    def __init__(self, sessions: list[list[Visitor]], *, clients: int, seconds: float,
                 max_requests: int, active: int, poll: float, reload: float, invalid: float,
                 warmup: int, on_warm: Any) -> None:
        self.pending_sessions = list(sessions)
        self.clients, self.poll, self.reload, self.invalid = clients, poll, reload, invalid
        self.deadline = time.perf_counter() + seconds
        self.max_requests = max_requests
        self.warmup, self.on_warm = warmup, on_warm
        self.heap: list[Visitor] = []
        self.unfinished: Counter[str] = Counter()
        self.cond = threading.Condition()
        self.samples: list[Sample] = []
        self.errors: Counter[str] = Counter()
        self.issued = 0
        self.stopped = False
        for _ in range(active):
            self._activate_next()

    def _activate_next(self) -> None:
        if not self.pending_sessions:
            return
        visitors = self.pending_sessions.pop(0)
        now = time.perf_counter()
        for v in visitors:
            v.ready_at = now
            heapq.heappush(self.heap, v)
        self.unfinished[visitors[0].session_name] = len(visitors)

    def _take(self) -> Visitor | None:
        with self.cond:
            while True:
                now = time.perf_counter()
                if self.stopped or now > self.deadline or self.issued >= self.max_requests \
                        or (not self.unfinished and not self.pending_sessions):
                    self.stopped = True
                    self.cond.notify_all()
                    return None
                if self.heap and self.heap[0].ready_at <= now:
                    self.issued += 1
                    return heapq.heappop(self.heap)
                wait = self.heap[0].ready_at - now if self.heap else 0.05
                self.cond.wait(timeout=min(wait, 0.05))

    def _give_back(self, visitor: Visitor) -> None:
        with self.cond:
            if visitor.next == "done":
                self.unfinished[visitor.session_name] -= 1
                if self.unfinished[visitor.session_name] == 0:
                    del self.unfinished[visitor.session_name]
                    self._activate_next()
            else:
                heapq.heappush(self.heap, visitor)
            self.cond.notify()

    def _record(self, sample: Sample) -> None:
        with self.cond:
            self.samples.append(sample)
            if len(self.samples) == self.warmup and self.on_warm:
                self.on_warm()

    def run(self) -> None:
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True)
                   for i in range(self.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(1.0, self.deadline - time.perf_counter() + 60))

    def _client(self, index: int) -> None:
        rng = random.Random(index)
        connections: dict[int, http.client.HTTPConnection] = {}
        while (visitor := self._take()) is not None:
            try:
                self._act(visitor, rng, connections)
            except Exception as error:  # noqa: BLE001  (a failed request is a figure to report)
                with self.cond:
                    self.errors[type(error).__name__ + ": " + str(error)[:120]] += 1
                connections.pop(visitor.port, None)
                visitor.next, visitor.ready_at = "get", time.perf_counter() + 0.2
            self._give_back(visitor)
        for conn in connections.values():
            conn.close()

    def _act(self, v: Visitor, rng: random.Random, conns: dict[int, Any]) -> None:
        if v.next == "poll":
            status, body = self._request(conns, v, "GET", v.state_url, "poll")
            state = json.loads(body) if status == 200 else {}
            if state.get("status") != "playing" or state.get("position") != v.position:
                v.next = "get"
            v.ready_at = time.perf_counter() + (0 if v.next == "get" else self.poll)
            return
        if v.next == "post" and rng.random() >= self.reload:
            invalid = rng.random() < self.invalid
            body_data = urllib.parse.urlencode(form_data(v.inputs, rng, invalid))
            status, body = self._request(conns, v, "POST", v.url,
                                         "post-invalid" if invalid else "post", body_data)
        else:
            status, body = self._request(conns, v, "GET", v.url, "get")
        if status != 200:
            raise RuntimeError(f"HTTP {status} for {v.url}")
        self._look(v, body)

    def _look(self, v: Visitor, html: str) -> None:
        kind, info = parse_page(html)
        v.ready_at = time.perf_counter()
        if kind == "form":
            v.next, v.inputs = "post", info
        elif kind == "wait":
            v.next, (v.state_url, v.position) = "poll", info
            v.ready_at += self.poll
        elif kind == "finished":
            v.next = "done"
        else:
            raise RuntimeError(f"unexpected page for {v.url}: {html[:200]!r}")

    def _request(self, conns: dict[int, Any], v: Visitor, method: str, url: str, kind: str,
                 body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": v.cookie} if v.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            conn = conns.get(v.port)
            if conn is None:
                conn = conns[v.port] = http.client.HTTPConnection("127.0.0.1", v.port, timeout=60)
            start = time.perf_counter()
            try:
                conn.request(method, url, body=body, headers=headers)
                response = conn.getresponse()
                text = response.read().decode()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conns.pop(v.port).close()
                if attempt == 2:
                    raise
                continue
            end = time.perf_counter()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                if cookie.startswith("csrftoken="):
                    v.cookie = cookie.split(";", 1)[0]
            self._record(Sample(kind, response.status, end - start, end))
            return response.status, text
        raise AssertionError("unreachable")


# --- server processes ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants alive now (granian serves from a worker process it spawns)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def tree_cpu_seconds(pid: int) -> float:
    total = 0.0
    for member in process_tree(pid):
        try:
            total += cpu_seconds(member)
        except (OSError, IndexError):
            pass  # gone in between
    return total


SERVER_NAMES = ("daphne", "uvicorn", "granian")


def server_command(server: str, port: int, app: str) -> list[str]:
    """How each ASGI server is started here: one process (granian: one worker under its
    supervisor), the same app, access logs off, the fast event loop and HTTP parser for the two
    that offer a choice. docs/operations.md gives the production commands."""
    if server == "daphne":
        return [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", str(port), app]
    if server == "uvicorn":
        return [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port),
                "--loop", "uvloop", "--http", "httptools", "--ws", "websockets-sansio",
                "--lifespan", "off", "--no-access-log", "--log-level", "warning", app]
    if server == "granian":
        return [sys.executable, "-m", "granian", "--interface", "asginl", "--host", "127.0.0.1",
                "--port", str(port), "--workers", "1", "--loop", "uvloop", "--no-access-log",
                "--log-level", "warning", app]
    raise ValueError(f"unknown server {server!r}; one of {', '.join(SERVER_NAMES)}")


def py_spy_path() -> str:
    found = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit("--py-spy needs py-spy: .venv/bin/pip install py-spy")
    return found


def _only_child(pid: int) -> int:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one child of process {pid}, found {children}")
    return int(children[0])


def postgres_activity(dbname: str) -> tuple[int, float]:
    """(sessions established, ms spent executing statements) in dbname, from pg_stat_database.

    Counted per database, so other work on the same PostgreSQL server does not leak in.
    """
    import psycopg

    with psycopg.connect(f"{benchdb.POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT sessions, active_time FROM pg_stat_database WHERE datname = %s",
                           (dbname,)).fetchone()
    return (int(row[0]), float(row[1])) if row else (0, 0.0)


class Servers:
    """`count` server processes (daphne, uvicorn or granian), each on a free port; stopped with
    SIGTERM. The server's environment: the benchmark database, DEBUG, REDIS_URL only if given.

    With profile_to, the first one runs under cProfile (bench/profiled_daphne.py, daphne only);
    with py_spy_to, under `py-spy record` (a sampling profiler of every thread, if installed).
    """

    def __init__(self, *, count: int, db_url: str, debug: bool, logdir: Path,
                 app: str = "config.asgi:application", extra_env: dict[str, str] | None = None,
                 profile_to: Path | None = None, py_spy_to: Path | None = None,
                 server: str = "daphne", redis_url: str = "") -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.ports: list[int] = []
        self.pids: list[int] = []
        self.server = server
        env = {**os.environ, "DATABASE_URL": db_url, "DEBUG": "true" if debug else "false",
               "SECRET_KEY": os.environ.get("SECRET_KEY") or benchdb.BENCH_SECRET_KEY,
               "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING",
               "PYTHONUNBUFFERED": "1", **(extra_env or {})}
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        for i in range(count):
            port = free_port()
            cmd = server_command(server, port, app)
            if profile_to is not None and i == 0:
                if server != "daphne":
                    raise SystemExit("--profile runs daphne only (bench/profiled_daphne.py)")
                cmd = [sys.executable, str(Path(__file__).with_name("profiled_daphne.py")),
                       str(profile_to), *cmd[3:]]
            elif py_spy_to is not None and i == 0:
                cmd = [py_spy_path(), "record", "--rate", "200", "--format", "raw",
                       *(["--subprocesses"] if server == "granian" else []),
                       "-o", str(py_spy_to), "--", *cmd]
            log = open(logdir / f"{server}-{i}.log", "wb")  # noqa: SIM115  (closed with the process)
            self.procs.append(subprocess.Popen(cmd, cwd=benchdb.REPO, env=env, stdout=log,
                                               stderr=subprocess.STDOUT))
            self.ports.append(port)
        self.logdir = logdir
        self.wrapped = py_spy_to is not None

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        for proc, port in zip(self.procs, self.ports, strict=True):
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"{self.server} on port {port} exited; see {self.logdir}")
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    conn.request("GET", "/healthz/")
                    if conn.getresponse().status == 200:
                        conn.close()
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.server} on port {port} did not answer in "
                                       f"{timeout} s")
                time.sleep(0.1)

        # Under py-spy, the server is py-spy's child: measure (and stop) the child.
        self.pids = [_only_child(p.pid) if self.wrapped and i == 0 else p.pid
                     for i, p in enumerate(self.procs)]

    def cpu(self) -> float:
        """CPU seconds of the servers, child processes included (granian's worker)."""
        return sum(tree_cpu_seconds(pid) for pid in self.pids)

    def stop(self) -> None:
        for proc, pid in zip(self.procs, self.pids or [p.pid for p in self.procs], strict=True):
            if proc.poll() is None:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# --- one scenario ---------------------------------------------------------------------------------

@dataclass
class Result:
    server: str
    participants: int
    debug: bool
    procs: int
    clients: int
    responses: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0
    db_sessions: int | None = None
    db_active_ms: float | None = None
    client_cpu: float = 0.0
    mix: Counter[str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    sessions_finished: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    warmup_responses: int = 0

    @property
    def total_responses(self) -> int:
        """All responses, warm-up included (the database counters cover the whole run)."""
        return self.responses + self.warmup_responses

    @property
    def cpu_ms_per_response(self) -> float:
        return self.server_cpu * 1000 / max(self.responses, 1)

    @property
    def pages(self) -> int:
        return sum(n for kind, n in self.mix.items() if kind != "poll")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _make_sessions(n: int, count: int, ports: list[int]) -> list[list[Visitor]]:
    from participants.models import Participant
    from sessions_core.lifecycle.services import session_create, session_initialize

    seq = itertools.count()
    sessions = []
    for _ in range(count):
        session = session_create(session_type_name=SESSION_TYPE, num_participants=n,
                                 label="http bench")
        session_initialize(session=session)
        names = Participant.objects.filter(session=session).order_by(
            "id_in_session").values_list("name", flat=True)
        sessions.append([Visitor(ready_at=0, seq=next(seq), session_name=session.name, name=name,
                                 port=ports[i % len(ports)]) for i, name in enumerate(names)])
    benchdb.close_connections()
    return sessions


def _label(args: argparse.Namespace, server: str) -> str:
    """The table's server column: the server, then the entry point and settings if not default."""
    label = server
    if args.app != DEFAULT_APP:
        label += " " + args.app.split(":")[-1]
    return label + "".join(f" {k}={v}" for k, v in args.server_env)


def run_scenario(db: benchdb.BenchDatabase, args: argparse.Namespace, n: int, debug: bool,
                 workdir: Path, server: str = "daphne") -> Result:
    result = Result(server=_label(args, server), participants=n, debug=debug, procs=args.procs,
                    clients=args.clients)
    active = args.active or max(1, 60 // n)
    # A browser makes about 9 requests per participant over a session (GETs, posts, polls).
    count = max(active, min(args.max_sessions, -(-args.max_requests // (9 * n)) + 1))
    stem = workdir / f"{server}-{n}-{'debug' if debug else 'nodebug'}"
    profile_to = stem.with_suffix(".prof") if args.profile else None
    py_spy_to = stem.with_suffix(".stacks") if args.py_spy else None
    servers = Servers(count=args.procs, db_url=db.url, debug=debug, logdir=workdir,
                      app=args.app, extra_env=dict(args.server_env),
                      profile_to=profile_to, py_spy_to=py_spy_to, server=server,
                      redis_url=args.redis)
    try:
        sessions = _make_sessions(n, count, servers.ports)
        servers.wait_ready()
        marks: dict[str, float] = {}

        def on_warm() -> None:
            marks.update(wall=time.perf_counter(), cpu=servers.cpu(), client=_own_cpu())

        load = Load(sessions, clients=args.clients, seconds=args.seconds,
                    max_requests=args.max_requests, active=active, poll=args.poll,
                    reload=args.reload, invalid=args.invalid, warmup=args.warmup,
                    on_warm=on_warm)
        pg_start = postgres_activity(db.name) if db.backend == "postgres" else None
        load.run()
        end_wall, end_cpu, end_client = time.perf_counter(), servers.cpu(), _own_cpu()
    finally:
        servers.stop()
    if pg_start is not None:
        time.sleep(1.5)  # backends report their statistics at most once a second
        pg_end = postgres_activity(db.name)
        result.db_sessions = pg_end[0] - pg_start[0]
        result.db_active_ms = pg_end[1] - pg_start[1]
    if not marks:
        raise RuntimeError(f"fewer than {args.warmup} responses: nothing measured; "
                           f"errors: {dict(load.errors)}; logs in {workdir}")
    measured = [s for s in load.samples if s.done_at >= marks["wall"]]
    result.responses = len(measured)
    result.warmup_responses = len(load.samples) - len(measured)
    result.seconds = end_wall - marks["wall"]
    result.server_cpu = end_cpu - marks["cpu"]
    result.client_cpu = end_client - marks["client"]
    result.mix = Counter(s.kind for s in measured)
    result.latencies = {"all": [s.seconds for s in measured]}
    for kind in result.mix:
        result.latencies[kind] = [s.seconds for s in measured if s.kind == kind]
    result.sessions_finished = count - len(load.pending_sessions) - len(load.unfinished)
    result.errors = load.errors + Counter(f"HTTP {s.status}" for s in measured if s.status != 200)
    if profile_to is not None:
        _print_profile(profile_to, result.responses, args.top)
    if py_spy_to is not None:
        print(summarize_stacks(py_spy_to, args.top))
    return result


def run_floor(db: benchdb.BenchDatabase, args: argparse.Namespace, debug: bool,
              workdir: Path, server: str = "daphne") -> Result:
    """The framework's floor: GET /healthz/ (no session, one `SELECT 1`), same server and clients."""
    result = Result(server=f"healthz floor, {_label(args, server)}", participants=0, debug=debug,
                    procs=args.procs, clients=args.clients)
    servers = Servers(count=args.procs, db_url=db.url, debug=debug, logdir=workdir, app=args.app,
                      extra_env=dict(args.server_env), server=server, redis_url=args.redis)
    samples: list[Sample] = []
    lock = threading.Lock()
    try:
        servers.wait_ready()
        start_cpu, start = servers.cpu(), time.perf_counter()
        deadline = start + min(args.seconds, 10)

        def client(index: int) -> None:
            port = servers.ports[index % len(servers.ports)]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.perf_counter() < deadline and len(samples) < args.max_requests:
                began = time.perf_counter()
                conn.request("GET", "/healthz/")
                response = conn.getresponse()
                response.read()
                ended = time.perf_counter()
                with lock:
                    samples.append(Sample("healthz", response.status, ended - began, ended))
            conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result.seconds = time.perf_counter() - start
        result.server_cpu = servers.cpu() - start_cpu
    finally:
        servers.stop()
    result.responses = len(samples)
    result.mix = Counter(s.kind for s in samples)
    result.latencies = {"all": [s.seconds for s in samples]}
    result.errors = Counter(f"HTTP {s.status}" for s in samples if s.status != 200)
    return result


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _print_profile(path: Path, responses: int, top: int) -> None:
    if not path.exists():
        print(f"(no profile written at {path})")
        return
    print(f"\nserver profile ({path}), {responses} measured responses "
          "(the stats cover the whole run, warm-up included):")
    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"sessions_core|participants|experiments|config",
                                               top)


_FRAME = re.compile(r"^(.*) \((.*?)(?::\d+)?\)$")


def _frame_name(frame: str) -> str:
    match = _FRAME.match(frame)
    if not match:
        return frame
    function, path = match.groups()
    path = path.replace(str(benchdb.REPO) + "/", "")
    path = re.sub(r"^.*/site-packages/", "", path)
    path = re.sub(r"^.*/lib/python3\.\d+/", "", path)
    return f"{path}:{function}"


_IDLE_LEAVES = ("threading.py:Condition.wait", "selectors.py:EpollSelector.select",
                "concurrent/futures/thread.py:_worker", "threading.py:Thread._wait_for_tstate_lock",
                "threading.py:Event.wait", "queue.py:Queue.get")


def summarize_stacks(path: Path, top: int) -> str:
    """Own and inclusive shares of py-spy's samples (busy threads only), per function."""
    if not path.exists():
        return f"(py-spy wrote no stacks at {path})"
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = skipped = 0
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_frame_name(f) for f in stack.split(";")]
        # py-spy's idle detection misses threads parked in these; imports are start-up.
        if frames[-1].endswith(_IDLE_LEAVES) or any("importlib._bootstrap" in f for f in frames):
            skipped += count
            continue
        total += count
        own[frames[-1]] += count
        for name in set(frames):
            inclusive[name] += count
    if not total:
        return "(no samples)"

    def lines(counter: Counter[str], keep: Any) -> str:
        chosen = [(k, v) for k, v in counter.most_common() if keep(k)][:top]
        return "\n".join(f"  {v * 100 / total:5.1f}%  {k}" for k, v in chosen)

    project = ("sessions_core/", "participants/", "experiments/", "config/", "rooms/")
    return (f"\npy-spy: {total} samples of busy server threads ({path}; {skipped} samples "
            f"of start-up imports or waiting left out)\n"
            f"own time (top {top}):\n{lines(own, lambda k: True)}\n"
            f"inclusive time, project code:\n{lines(inclusive, lambda k: k.startswith(project))}\n"
            f"inclusive time, libraries:\n"
            f"{lines(inclusive, lambda k: not k.startswith(project) and 'threading.py' not in k)}")


# --- reporting -----------------------------------------------------------------------------------

def _ms(seconds: float) -> str:
    return "—" if seconds != seconds else f"{seconds * 1000:.1f}"  # NaN: no such requests


def _db_cells(r: Result) -> list[str]:
    if r.db_sessions is None or r.db_active_ms is None:
        return ["—", "—"]
    total = max(r.total_responses, 1)
    return [f"{r.db_sessions / total:.2f}", f"{r.db_active_ms / total:.2f}"]


def render(results: list[Result], backend: str) -> str:
    headers = ["server", "N", "DEBUG", "procs", "clients", "responses", "req/s", "server CPU ms/resp",
               "server CPU ms/page",
               *(["db sessions/resp", "db active ms/resp"] if backend == "postgres" else []),
               "p50 ms", "p95 ms", "p95 POST ms", "client CPU %", "sessions done", "mix",
               "errors"]
    rows = []
    for r in results:
        all_lat = r.latencies.get("all", [])
        post_lat = r.latencies.get("post", [])
        mix = ", ".join(f"{k} {v}" for k, v in sorted(r.mix.items()))
        rows.append([
            r.server, str(r.participants), "true" if r.debug else "false", str(r.procs), str(r.clients),
            f"{r.responses:,}", f"{r.responses / max(r.seconds, 1e-9):,.0f}",
            f"{r.cpu_ms_per_response:.2f}",
            f"{r.server_cpu * 1000 / max(r.pages, 1):.2f}",
            *(_db_cells(r) if backend == "postgres" else []),
            _ms(_percentile(all_lat, 0.5)), _ms(_percentile(all_lat, 0.95)),
            _ms(_percentile(post_lat, 0.95)),
            f"{r.client_cpu * 100 / max(r.seconds, 1e-9):.0f}",
            str(r.sessions_finished), mix, "; ".join(f"{k} ×{v}" for k, v in r.errors.items()) or "none",
        ])
    return benchdb.table(headers, rows)


def _section(backend: str, args: argparse.Namespace) -> str:
    """Where --record writes: one section per backend and server variant."""
    parts = ["http", backend]
    if args.server != "daphne":
        parts.append(args.server.replace(",", "_"))
    if args.app != DEFAULT_APP:
        parts.append(args.app.split(":")[-1])
    parts += [f"{k}{v}" for k, v in args.server_env]
    if args.procs != 1:
        parts.append(f"procs{args.procs}")
    if args.redis:
        parts.append("redis")
    if args.profile or args.py_spy:
        parts.append("profiled")
    return "-".join(parts)


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, not {text!r}")
    return key, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--participants", default="30,300", help="session sizes (multiples of 3)")
    parser.add_argument("--debug", choices=["false", "true", "both"], default="both")
    parser.add_argument("--procs", type=int, default=1, help="server processes")
    parser.add_argument("--server", default="daphne",
                        help="daphne, uvicorn or granian, or several comma-separated: each scenario "
                             "then runs on each in turn (interleaved, --rounds times)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat every scenario this many times (with --server A,B: A B A B)")
    parser.add_argument("--redis", default="",
                        help="REDIS_URL for the servers (channel layer, cache, broker); "
                             "default none: in-memory layer")
    parser.add_argument("--db-name", default="quorum_bench_http",
                        help="the PostgreSQL database to create and drop (--postgres)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--seconds", type=float, default=25, help="load time per scenario")
    parser.add_argument("--max-requests", type=int, default=8000, help="requests per scenario")
    parser.add_argument("--max-sessions", type=int, default=40,
                        help="sessions created per scenario at most")
    parser.add_argument("--active", type=int, default=0,
                        help="sessions played at the same time (0: enough for 60 participants)")
    parser.add_argument("--warmup", type=int, default=50, help="responses before measuring")
    parser.add_argument("--poll", type=float, default=0.5, help="wait page poll interval (s)")
    parser.add_argument("--reload", type=float, default=0.1, help="share of reloads (GET)")
    parser.add_argument("--invalid", type=float, default=0.05, help="share of invalid posts")
    parser.add_argument("--profile", action="store_true",
                        help="run the (first) server under cProfile and print its hotspots")
    parser.add_argument("--app", default=DEFAULT_APP,
                        help="the ASGI application to serve (see bench/asgi_variants.py)")
    parser.add_argument("--server-env", type=_key_value, action="append", default=[],
                        metavar="KEY=VALUE", help="extra environment of the servers")
    parser.add_argument("--no-floor", dest="floor", action="store_false",
                        help="skip GET /healthz/ (the framework's floor, up to 10 s)")
    parser.add_argument("--py-spy", action="store_true",
                        help="run the (first) server under py-spy record and print its hotspots")
    parser.add_argument("--top", type=int, default=25, help="functions listed by the profiles")
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.participants.split(",") if s.strip()]
    debugs = {"false": [False], "true": [True], "both": [False, True]}[args.debug]
    server_names = [s.strip() for s in args.server.split(",") if s.strip()]
    for name in server_names:
        if name not in SERVER_NAMES:
            parser.error(f"--server: {name!r} is not one of {', '.join(SERVER_NAMES)}")

    db = benchdb.make_database(postgres=args.postgres, name=args.db_name)
    workdir = Path(tempfile.mkdtemp(prefix="quorum-http-bench-"))
    results: list[Result] = []
    try:
        benchdb.use_database(db)
        version = benchdb.database_version(db.backend)
        benchdb.close_connections()
        print(f"{version}; {benchdb.machine()}; {benchdb.load()}; server logs in {workdir} "
              "(removed at the end unless something failed or a profile was asked for)",
              flush=True)
        for _ in range(args.rounds):
            for debug in debugs if args.floor else []:
                for server in server_names:
                    results.append(run_floor(db, args, debug, workdir, server))
                    print(render(results[-1:], db.backend).splitlines()[-1], flush=True)
            for n in sizes:
                for debug in debugs:
                    for server in server_names:
                        results.append(run_scenario(db, args, n, debug, workdir, server))
                        print(render(results[-1:], db.backend).splitlines()[-1], flush=True)
    finally:
        benchdb.close_connections()
        db.drop()
    if not (args.profile or args.py_spy):
        shutil.rmtree(workdir, ignore_errors=True)  # kept, with the server logs, after an error
    text = render(results, db.backend)
    print("\n" + text)
    if args.record:
        heading = (f"### http_bench, {db.backend} ({benchdb.today()})\n\n"
                   f"{version}. Machine: {benchdb.machine()}; {benchdb.load()}. Command: "
                   f"`.venv/bin/python bench/http_bench.py {' '.join(argv or sys.argv[1:])}`. "
                   f"Clients in the same machine (they share its {os.cpu_count()} cores).\n\n")
        benchdb.record(_section(db.backend, args), heading + text)
        print("recorded in bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
