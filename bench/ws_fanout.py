"""Fan-out benchmark of live announcements: N WebSocket clients on daphne processes.

For each N (100, 500, 1,000 by default) it starts --servers daphne processes
(1 by default; each on its own loopback port, free ones unless --base-port)
with the production settings and the Redis channel layer the portal uses
(REDIS_URL set: the pub/sub layer), connects N anonymous clients to
/ws/announcements/, publishes 20 public announcements through
announcements.services (this process, same database and Redis), and measures
the delay from the publish call to receipt by the last client, plus daphne's
resident memory. Prints a table.

    .venv/bin/python bench/ws_fanout.py [--clients 100 500 1000] [--messages 20]
        [--client-processes 2] [--layer pubsub|core] [--servers 1] [--base-port P]

    # 10,000 sockets over 4 processes (issue 17):
    .venv/bin/python bench/ws_fanout.py --clients 10000 --servers 4 \
        --client-processes 2

Each client process spreads its sockets over every server's port in turn. Open
files: the script raises its own soft limit (RLIMIT_NOFILE) and each daphne's to
what the sockets need, up to the hard limit (`ulimit -Hn`, 20,000 here); if the
hard limit is lower than the sockets of one process plus a few hundred, raise it
first (`ulimit -Hn 65536` as root, or LimitNOFILE= in a systemd unit).

The clients run in --client-processes processes (2 by default): reading a
thousand sockets costs the clients about as much CPU as the server spends sending
(both columns are printed), and in one process that work is serial, so the last
receipt would partly measure the benchmark itself.
Arrival times are taken with time.perf_counter (CLOCK_MONOTONIC, shared by all
processes). On a small machine the clients still share the CPU with the server,
so the figures are an upper bound of what the server alone needs; note the load
average printed with the table, as other work on the machine counts too.

REDIS_URL defaults to redis://127.0.0.1:6379/6; DATABASE_URL to a SQLite file in
var/ (migrated on first use). --layer core compares channels_redis'
RedisChannelLayer (one Redis list per member).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import queue
import resource
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAYERS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "core": "channels_redis.core.RedisChannelLayer",
}
SETTINGS_MODULE = "bench.fanout_settings"
# Open files each daphne may hold (its share of the sockets, Redis, the database).
DESCRIPTORS = 16_384


def configure_environment(database_url: str, redis_url: str, layer: str) -> None:
    """Production settings, over plain HTTP on loopback, for server and publisher."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "BENCH_CHANNEL_LAYER": LAYERS[layer],
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "CONN_MAX_AGE": "60",
        }
    )


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def raise_descriptor_limit(count: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 2 * count + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def start_daphne(port: int, log_path: Path, application: str) -> subprocess.Popen:
    daphne = Path(sys.executable).with_name("daphne")
    process = subprocess.Popen(
        [str(daphne), "-b", "127.0.0.1", "-p", str(port), application],
        cwd=ROOT,
        stdout=log_path.open("ab"),
        stderr=subprocess.STDOUT,
        preexec_fn=lambda: raise_descriptor_limit(DESCRIPTORS),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log_path.read_text(errors="replace"))
        try:
            # Loopback http only, our own port.
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise TimeoutError("daphne did not start")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[rank]


# Client processes --------------------------------------------------------------


def client_process(ports: list[int], count: int, reports, stop) -> None:
    """Open `count` sockets, spread over the servers' ports in turn; report
    readiness, then each announcement's last arrival here once all of this
    process's sockets have it."""
    raise_descriptor_limit(count)
    asyncio.run(_clients(ports, count, reports, stop))


async def _clients(ports: list[int], count: int, reports, stop) -> None:
    from websockets.asyncio.client import connect

    arrivals: dict[int, list[float]] = {}
    sockets = []
    gate = asyncio.Semaphore(20)
    state = {"ready": 0, "failed": 0}

    async def one(port: int) -> None:
        url = f"ws://127.0.0.1:{port}/ws/announcements/"
        origin = f"http://127.0.0.1:{port}"
        try:
            async with gate:
                socket_ = await connect(
                    url, origin=origin, open_timeout=120, ping_interval=None
                )
                sockets.append(socket_)
                await socket_.recv()  # hello
                state["ready"] += 1
            async for frame in socket_:
                arrived = time.perf_counter()
                message = json.loads(frame)
                if message["type"] != "announcement.published":
                    continue
                announcement_id = message["announcement"]["id"]
                times = arrivals.setdefault(announcement_id, [])
                times.append(arrived)
                if len(times) == state["ready"]:
                    reports.put(("arrived", announcement_id, max(times), len(times)))
        except Exception:
            # Counted and reported: a refused or dropped client is a result too.
            state["failed"] += 1

    tasks = [
        asyncio.create_task(one(ports[number % len(ports)])) for number in range(count)
    ]
    while state["ready"] + state["failed"] < count:
        await asyncio.sleep(0.05)
    reports.put(("ready", state["ready"], state["failed"]))
    while not stop.is_set():
        await asyncio.sleep(0.05)
    reports.put(("final", {key: len(value) for key, value in arrivals.items()}))
    for socket_ in sockets:
        await socket_.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


# The publishing side -----------------------------------------------------------


def run_one(
    count: int, messages: int, processes: int, ports: list[int], pids: list[int]
) -> dict:
    from announcements.services import announcement_publish

    context = multiprocessing.get_context("spawn")
    reports, stop = context.Queue(), context.Event()
    shares = [count // processes + (i < count % processes) for i in range(processes)]
    # Each client process spreads its sockets over every server, as a balancer
    # would.
    workers = [
        context.Process(target=client_process, args=(ports, share, reports, stop))
        for share in shares
        if share
    ]
    connect_started = time.perf_counter()
    for worker in workers:
        worker.start()
    connected = failed = 0
    for _ in workers:
        _kind, ready, refused = reports.get(timeout=900)
        connected += ready
        failed += refused
    connect_seconds = time.perf_counter() - connect_started
    rss_connected = sum(rss_mib(pid) for pid in pids)
    if not connected:
        raise RuntimeError("no client could connect")

    delays = []
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    clients_before = sum(cpu_seconds(worker.pid) for worker in workers)
    for number in range(messages):
        started = time.perf_counter()
        announcement = announcement_publish(
            audience="public",
            title=f"Benchmark {count}/{number}",
            level="info",
            by=None,
        )
        last, reached, deadline = 0.0, 0, started + 10
        while reached < connected and time.perf_counter() < deadline:
            try:
                kind, announcement_id, arrived, received = reports.get(timeout=0.5)
            except queue.Empty:
                continue
            if kind == "arrived" and announcement_id == announcement.pk:
                last, reached = max(last, arrived), reached + received
        if reached == connected:
            delays.append(last - started)
        time.sleep(0.1)

    # The 0.1 s pauses are idle; what remains is the server's work on the sends.
    server_cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    clients_cpu = sum(cpu_seconds(worker.pid) for worker in workers) - clients_before
    rss_published = sum(rss_mib(pid) for pid in pids)
    stop.set()
    received_total = 0
    finals = 0
    while finals < len(workers):
        report = reports.get(timeout=60)
        if report[0] == "final":
            finals += 1
            received_total += sum(report[1].values())
    for worker in workers:
        worker.join(timeout=30)
    return {
        "connect_s": connect_seconds,
        "connected": connected,
        "refused": failed,
        "complete": len(delays),
        "p50_ms": percentile(delays, 0.5) * 1000 if delays else float("nan"),
        "p99_ms": percentile(delays, 0.99) * 1000 if delays else float("nan"),
        "max_ms": max(delays) * 1000 if delays else float("nan"),
        "lost": connected * messages - received_total,
        "cpu_ms": server_cpu / messages * 1000,
        "clients_cpu_ms": clients_cpu / messages * 1000,
        "rss_connected": rss_connected,
        "rss_published": rss_published,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--layer", choices=sorted(LAYERS), default="pubsub")
    parser.add_argument("--application", default="portal.asgi:application")
    parser.add_argument(
        "--base-port",
        type=int,
        default=0,
        help="server i listens on base + i (default: free ports)",
    )
    parser.add_argument(
        "--servers",
        type=int,
        default=1,
        help="daphne processes sharing Redis (production runs one per core)",
    )
    arguments = parser.parse_args()

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"
    database_url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{ROOT / 'var' / 'bench-ws-fanout.sqlite3'}"
    )
    (ROOT / "var").mkdir(exist_ok=True)
    configure_environment(database_url, redis_url, arguments.layer)
    setup_django()

    rows = []
    for count in arguments.clients:
        servers = []
        try:
            for number in range(arguments.servers):
                port = (
                    arguments.base_port + number if arguments.base_port else free_port()
                )
                log = ROOT / "var" / f"bench-daphne-{port}.log"
                servers.append((port, start_daphne(port, log, arguments.application)))
            ports = [port for port, _server in servers]
            pids = [server.pid for _port, server in servers]
            idle = sum(rss_mib(pid) for pid in pids)
            result = run_one(
                count, arguments.messages, arguments.client_processes, ports, pids
            )
            result["rss_idle"] = idle
        finally:
            for _port, server in servers:
                server.terminate()
            for _port, server in servers:
                # Closing thousands of sockets can outlast a polite wait.
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
        rows.append((count, result))

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"\nLive announcement fan-out: {arguments.messages} announcements, "
        f"Redis {arguments.layer} layer, {arguments.servers} daphne process(es) "
        "(production settings), "
        f"clients in {arguments.client_processes} processes on loopback; "
        f"load average {load}\n"
    )
    header = (
        f"{'clients':>7} {'open':>5} {'connect s':>9} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'all got':>7} {'lost':>5} {'CPU ms':>7} {'clients':>7} "
        f"{'RSS idle':>8} "
        f"{'connected':>9} {'after':>6} {'KiB/socket':>10}"
    )
    print(header)
    print("-" * len(header))
    for count, r in rows:
        per_socket = (
            (r["rss_connected"] - r["rss_idle"]) * 1024 / max(r["connected"], 1)
        )
        print(
            f"{count:>7} {r['connected']:>5} {r['connect_s']:>9.1f} "
            f"{r['p50_ms']:>7.0f} {r['p99_ms']:>7.0f} {r['max_ms']:>7.0f} "
            f"{r['complete']:>4}/{arguments.messages:<2} {r['lost']:>5} "
            f"{r['cpu_ms']:>7.0f} {r['clients_cpu_ms']:>7.0f} "
            f"{r['rss_idle']:>8.0f} {r['rss_connected']:>9.0f} "
            f"{r['rss_published']:>6.0f} {per_socket:>10.1f}"
        )
    print(
        "\np50/p99/max: delay from the publish call to receipt by the last client, "
        "per announcement;\nall got: announcements every client received within "
        "10 s; lost: frames never received;\nCPU ms: daphne's CPU time per "
        "announcement, clients: the client processes' together;\nRSS of the daphne "
        "processes together in MiB (idle, N connected, after publishing); KiB/socket: "
        "(connected - idle) / open sockets."
    )


if __name__ == "__main__":
    main()
