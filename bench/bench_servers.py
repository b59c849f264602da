"""The benchmarks' servers: daphne processes sharing one listening socket, waited
for, measured (CPU seconds from /proc) and stopped."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def free_socket(port: int = 0) -> socket.socket:
    """A listening socket on loopback (a free port when `port` is 0) that the
    daphne processes inherit."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1024)
    listener.set_inheritable(True)
    return listener


def start_servers(listener: socket.socket, workers: int, log: Path) -> list:
    """`workers` daphne processes accepting on `listener`, logging to `log`."""
    daphne = str(Path(sys.executable).with_name("daphne"))
    with log.open("ab") as out:
        return [
            subprocess.Popen(
                [daphne, "--fd", str(listener.fileno()), "-v", "0"]
                + ["portal.asgi:application"],
                cwd=BASE_DIR,
                env=os.environ,
                pass_fds=(listener.fileno(),),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            for _worker in range(workers)
        ]


def wait_for(port: int, processes) -> None:
    """Return once `/healthz` answers 200; stop the benchmark if a server died."""
    for _attempt in range(300):
        if any(process.poll() is not None for process in processes):
            raise SystemExit("daphne exited early; see the log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("daphne did not answer")


def stop(processes) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(processes) -> float:
    """User and system CPU time of the server processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for process in processes:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1]
        utime, stime = fields.split()[11:13]
        total += int(utime) + int(stime)
    return total / ticks


def postgresql_and_redis_url() -> str:
    """The benchmark's PostgreSQL URL; stop with a clear message when the
    environment does not name PostgreSQL and Redis."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database for the benchmark.")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL: the processes share the cache through it.")
    return url
