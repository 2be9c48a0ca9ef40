"""Memory of a daphne process that receives one large chunked upload (no Content-Length).

For each ASGI entry point: start daphne (DEBUG=false, a fresh SQLite database), send --mb
megabytes to /room/lab/ with Transfer-Encoding: chunked, and read the process's resident memory
(VmRSS) before and after, and its peak (VmHWM), from /proc. `config.asgi:application` counts
the body as it arrives and refuses it past DATA_UPLOAD_MAX_MEMORY_SIZE;
`bench.asgi_variants:one_hop` reads bodies as Django's stock handler does (the whole of it).

    .venv/bin/python bench/upload_memory.py [--mb 200] [--record]
"""
from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import benchdb
from http_bench import free_port

APPS = ["config.asgi:application", "bench.asgi_variants:one_hop"]
BLOCK = b"x" * 65536


def memory_mb(pid: int) -> tuple[int, int]:
    """(resident now, peak resident) in MB."""
    status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
    return int(status["VmRSS"].split()[0]) // 1024, int(status["VmHWM"].split()[0]) // 1024


def upload(port: int, mb: int) -> int:
    def blocks() -> Iterator[bytes]:
        for _ in range(mb * 16):
            yield BLOCK

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", "/room/lab/", body=blocks(), encode_chunked=True,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def measure(app: str, mb: int, folder: str) -> list[str]:
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
           "SECRET_KEY": "bench-" + "k" * 60, "DATABASE_URL": f"sqlite:///{folder}/{port}.sqlite3"}
    env.pop("REDIS_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1",
                                "-p", str(port), app], env=env, cwd=benchdb.REPO)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/static/quorum/quorum.css")
                probe.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)  # waiting for start-up, bounded by the deadline
        before, _ = memory_mb(process.pid)
        started = time.monotonic()
        status = upload(port, mb)
        seconds = time.monotonic() - started
        time.sleep(1)  # let the finished request's objects go before reading memory
        after, peak = memory_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return [app, str(status), str(before), str(peak), str(after), f"{seconds:.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(app, args.mb, folder) for app in APPS]
    text = "\n".join([
        f"### upload_memory, one {args.mb} MB chunked POST to one daphne ({benchdb.today()})", "",
        f"{benchdb.machine()}. Command: `.venv/bin/python bench/upload_memory.py --mb {args.mb}`.",
        "",
        benchdb.table(["entry point", "status", "RSS before MB", "peak MB", "RSS after MB",
                       "seconds"], rows)])
    print(text)
    if args.record:
        benchdb.record("upload-memory", text)


if __name__ == "__main__":
    main()
