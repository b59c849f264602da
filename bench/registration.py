"""Registration benchmark: applies per second and apply latency through real HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_registrations \\
        .venv/bin/python bench/registration.py [--clients 8] [--applicants 400]

It creates (or recreates) the database named in DATABASE_URL, migrates it, adds one
first-come training with a quarter as many seats as applicants (so both the
confirm and the waitlist paths run), signed-in sessions for the applicants, then
starts daphne on a loopback port and lets N client threads (keep-alive HTTP/1.1
connections) POST the apply form, one applicant per request, all against the same
training: every request competes for the training's row lock. It prints a table
and checks that confirmed seats equal the capacity. The database is dropped
afterwards unless --keep is given.
"""

import argparse
import http.client
import os
import queue
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from bench_databases import drop_database, ensure_database

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _setup(applicants: int):
    """The training, verified applicants and one signed-in session each."""
    import datetime

    from allauth.account.models import EmailAddress
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from agencies.models import Agency
    from events.models import EventIndexPage, EventPage, EventSession

    locale, _created = Locale.objects.get_or_create(language_code="es")
    agency = Agency.objects.create(
        slug="bench", name_es="Agencia de prueba", name_en="Bench agency"
    )
    index = EventIndexPage(title="Calendario", slug="bench-calendar", locale=locale)
    Page.get_first_root_node().add_child(instance=index)
    start = timezone.now() + datetime.timedelta(days=30)
    event = EventPage(
        title="Taller de prueba",
        slug="taller-de-prueba",
        summary="Benchmark",
        lead_agency=agency,
        registration_mode="first_come",
        capacity=max(applicants // 4, 1),
        waitlist_enabled=True,
        sessions=[EventSession(start=start, end=start + datetime.timedelta(hours=6))],
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    User = get_user_model()
    sessions = []
    for number in range(applicants):
        email = f"bench{number}@example.org"
        user = User.objects.create_user(username=f"bench{number}", email=email)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    return event, sessions


def _wait_for(port: int, process: subprocess.Popen) -> None:
    for _attempt in range(200):
        if process.poll() is not None:
            raise SystemExit("daphne exited early")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("daphne did not answer")


def _run_clients(port: int, path: str, sessions: list[str], clients: int):
    work: queue.Queue[str] = queue.Queue()
    for session_key in sessions:
        work.put(session_key)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        barrier.wait()
        while True:
            try:
                session_key = work.get_nowait()
            except queue.Empty:
                break
            token = secrets.token_hex(16)
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session_key}; csrftoken={token}",
                "Host": "127.0.0.1",
            }
            began = time.perf_counter()
            conn.request(
                "POST", path, body=f"csrfmiddlewaretoken={token}", headers=headers
            )
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies, statuses


class _ConnectionSampler(threading.Thread):
    """The most connections the server held to the benchmark's database at once.

    Persistent connections (CONN_MAX_AGE > 0) belong to the thread that opened
    them, and the ASGI handler runs each request's sync code in its own thread,
    so they can pile up; this shows whether they do.
    """

    def __init__(self, url: str):
        super().__init__(daemon=True)
        parsed = urlparse(url)
        self.name_of_database = parsed.path.lstrip("/")
        self.admin_url = parsed._replace(path="/postgres").geturl()
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            while not self.done.wait(0.05):
                (count,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                    [self.name_of_database],
                ).fetchone()
                self.peak = max(self.peak, count)

    def stop(self) -> None:
        self.done.set()
        if self.is_alive():
            self.join(timeout=5)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(fraction * (len(ordered) - 1))), len(ordered) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--applicants", type=int, default=400)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--conn-max-age",
        default=os.environ.get("CONN_MAX_AGE", "0"),
        help="CONN_MAX_AGE of the server (default: the settings' 0)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database for the benchmark.")
    ensure_database(url, recreate=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )

    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from registrations.models import Registration

    event, sessions = _setup(args.applicants)
    with translation.override("es"):
        path = reverse("registrations:apply", args=[event.pk])
    connection.close()

    port = _free_port()
    daphne = subprocess.Popen(
        [
            str(Path(python).parent / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "-v",
            "0",
            "portal.asgi:application",
        ],
        cwd=BASE_DIR,
        env={**env, "CONN_MAX_AGE": str(args.conn_max_age)},
    )
    sampler = _ConnectionSampler(url)
    try:
        _wait_for(port, daphne)
        sampler.start()
        wall, latencies, statuses = _run_clients(port, path, sessions, args.clients)
    finally:
        sampler.stop()
        daphne.terminate()
        daphne.wait(timeout=30)

    counts = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    confirmed = counts.get("confirmed", 0)
    rows = [
        ("database", connection.vendor),
        ("server", "daphne (ASGI), 1 process"),
        ("CONN_MAX_AGE", args.conn_max_age),
        ("peak DB connections", sampler.peak),
        ("clients", args.clients),
        ("applications", len(latencies)),
        ("HTTP statuses", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))),
        ("wall time (s)", f"{wall:.2f}"),
        ("registrations / s", f"{len(latencies) / wall:.1f}"),
        ("p50 latency (ms)", f"{statistics.median(latencies) * 1000:.1f}"),
        ("p95 latency (ms)", f"{_percentile(latencies, 0.95) * 1000:.1f}"),
        ("capacity", event.capacity),
        ("confirmed", confirmed),
        ("waitlisted", counts.get("waitlisted", 0)),
    ]
    width = max(len(label) for label, _value in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 28}")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    connection.close()
    if not args.keep:
        drop_database(url)
    if confirmed != event.capacity:
        raise SystemExit(
            "Overbooked or underfilled: confirmed seats differ from capacity"
        )


if __name__ == "__main__":
    main()
