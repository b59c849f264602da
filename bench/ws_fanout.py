"""Fan-out benchmark of live announcements: N WebSocket clients on one daphne.

For each N (100, 500, 1,000 by default) it starts daphne on a free loopback port
with the Redis channel layer, connects N anonymous clients to
/ws/announcements/, publishes 20 public announcements through
announcements.services (this process, same database and Redis), and measures
the delay from the publish call to receipt by the last client, plus daphne's
resident memory. Prints a table.

    .venv/bin/python bench/ws_fanout.py [--clients 100 500 1000] [--messages 20]
        [--layer core|pubsub]

REDIS_URL defaults to redis://127.0.0.1:6379/6; DATABASE_URL to a SQLite file in
var/ (migrated on first use). The clients all run in this one process, so on a
small machine they compete with the server for the CPU: the figures are an
upper bound of what the server alone needs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


LAYER_SETTINGS = {
    "core": "portal.settings.dev",
    "pubsub": "bench.pubsub_settings",
}


def configure_django(database_url: str, redis_url: str, layer: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = LAYER_SETTINGS[layer]
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    os.environ["DEBUG"] = "false"
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


def start_daphne(port: int, log_path: Path) -> subprocess.Popen:
    daphne = Path(sys.executable).with_name("daphne")
    process = subprocess.Popen(
        [str(daphne), "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
        cwd=ROOT,
        env={**os.environ, "CONN_MAX_AGE": "0"},
        stdout=log_path.open("ab"),
        stderr=subprocess.STDOUT,
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


class Fanout:
    """N clients; records when each receives each announcement id."""

    def __init__(self, url: str, origin: str, count: int):
        self.url, self.origin, self.count = url, origin, count
        self.received: dict[int, list[float]] = {}
        self.ready = 0
        self.failed = 0
        self.sockets = []

    async def client(self, gate: asyncio.Semaphore) -> None:
        from websockets.asyncio.client import connect

        try:
            async with gate:
                socket_ = await connect(
                    self.url, origin=self.origin, open_timeout=60, max_queue=None
                )
                self.sockets.append(socket_)
                json.loads(await socket_.recv())
                self.ready += 1
            async for frame in socket_:
                arrived = time.perf_counter()
                message = json.loads(frame)
                if message["type"] == "announcement.published":
                    announcement_id = message["announcement"]["id"]
                    self.received.setdefault(announcement_id, []).append(arrived)
        except Exception:
            # Counted and reported: a refused or dropped client is a result too.
            self.failed += 1


async def run_one(count: int, messages: int, port: int, server_pid: int) -> dict:
    from asgiref.sync import sync_to_async

    from announcements.services import announcement_publish

    fanout = Fanout(
        f"ws://127.0.0.1:{port}/ws/announcements/", f"http://127.0.0.1:{port}", count
    )
    gate = asyncio.Semaphore(20)
    tasks = [asyncio.create_task(fanout.client(gate)) for _ in range(count)]
    connect_started = time.perf_counter()
    while fanout.ready + fanout.failed < count:
        await asyncio.sleep(0.05)
        if time.perf_counter() - connect_started > 180:
            break
    connected = fanout.ready
    connect_seconds = time.perf_counter() - connect_started
    rss_connected = rss_mib(server_pid)

    publish = sync_to_async(announcement_publish, thread_sensitive=False)
    delays, lost = [], 0
    if not connected:
        raise RuntimeError("no client could connect")
    for number in range(messages):
        started = time.perf_counter()
        announcement = await publish(
            audience="public", title=f"Benchmark {count}/{number}", level="info"
        )
        deadline = started + 10
        while (
            len(fanout.received.get(announcement.pk, [])) < connected
            and time.perf_counter() < deadline
        ):
            await asyncio.sleep(0.002)
        arrivals = fanout.received.get(announcement.pk, [])
        lost += connected - len(arrivals)
        if arrivals:
            delays.append(max(arrivals) - started)
        await asyncio.sleep(0.1)

    rss_published = rss_mib(server_pid)
    for socket_ in fanout.sockets:
        await socket_.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "connect_s": connect_seconds,
        "p50_ms": percentile(delays, 0.5) * 1000,
        "p99_ms": percentile(delays, 0.99) * 1000,
        "max_ms": max(delays) * 1000,
        "lost": lost,
        "connected": connected,
        "rss_connected": rss_connected,
        "rss_published": rss_published,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument(
        "--layer",
        choices=sorted(LAYER_SETTINGS),
        default="core",
        help="core: the portal's RedisChannelLayer; pubsub: RedisPubSubChannelLayer",
    )
    arguments = parser.parse_args()

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"
    database_url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{ROOT / 'var' / 'bench-ws-fanout.sqlite3'}"
    )
    (ROOT / "var").mkdir(exist_ok=True)
    configure_django(database_url, redis_url, arguments.layer)

    # Each client and its server side need a descriptor.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * max(arguments.clients) + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))

    rows = []
    for count in arguments.clients:
        port = free_port()
        server = start_daphne(port, ROOT / "var" / f"bench-daphne-{port}.log")
        try:
            idle = rss_mib(server.pid)
            result = asyncio.run(run_one(count, arguments.messages, port, server.pid))
            result["rss_idle"] = idle
        finally:
            server.terminate()
            server.wait(timeout=10)
        rows.append((count, result))

    print(
        f"\nLive announcement fan-out: {arguments.messages} announcements, "
        f"Redis {arguments.layer} layer, one daphne process, clients on loopback\n"
    )
    header = (
        f"{'clients':>8} {'open':>5} {'connect s':>10} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'lost':>5} {'RSS idle':>9} {'connected':>10} "
        f"{'after 20':>9}"
    )
    print(header + "   (RSS of daphne in MiB)")
    print("-" * len(header))
    for count, r in rows:
        print(
            f"{count:>8} {r['connected']:>5} {r['connect_s']:>10.1f} "
            f"{r['p50_ms']:>8.0f} {r['p99_ms']:>8.0f} {r['max_ms']:>8.0f} "
            f"{r['lost']:>5} "
            f"{r['rss_idle']:>9.0f} {r['rss_connected']:>10.0f} "
            f"{r['rss_published']:>9.0f}"
        )


if __name__ == "__main__":
    main()
