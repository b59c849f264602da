"""Registration benchmark: applications per second and apply latency through HTTP,
with the production settings, two daphne processes and the task worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_registrations \\
    REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/registration.py [--rounds 3] [--applicants 1200]
            [--clients 16] [--workers 2] [--port 0] [--fresh] [--drop]

It creates the database named in DATABASE_URL if missing (--fresh: recreates
it), migrates it, and for each round
adds one first-come training with a quarter as many seats as applicants (so both
the confirm and the waitlist paths run), verified applicants and a signed-in
session for each. It then starts `--workers` daphne processes sharing one
listening socket (production settings, DEBUG off, HTTPS redirect off on
loopback, Redis cache and channel layer) and one task worker
(`manage.py db_worker`), warms the servers up with GETs of the apply form, and
lets `--clients` threads (keep-alive HTTP/1.1 connections) POST the apply form,
one applicant per request, all against the round's training: every request
competes for the training's row lock.

After each round it checks the counts in the database (confirmed = capacity,
the rest waitlisted: no oversell, no lost application), waits for the task
worker to send every status e-mail and live notice, and checks that the servers
sent none themselves: e-mail goes to files (bench/registration_settings.py), in
one directory for the servers and another for the worker. The table gives each
round and the medians, the servers' CPU per application, the SQL queries of one
application (counted in this process through the same view), and the load
average. Each run adds trainings and people of its own (named after the run), so
the database can be reused; --drop drops it at the end.
"""

import argparse
import datetime
import http.client
import os
import queue
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import bench_servers
from bench_databases import drop_database, ensure_database

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))  # before bench/, whose search.py is no app
SETTINGS = "bench.registration_settings"


def _configure_environment(server_mail: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["SECURE_SSL_REDIRECT"] = "False"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ["BENCH_EMAIL_DIR"] = str(server_mail)
    os.environ["PYTHONPATH"] = str(BASE_DIR)


def _setup(applicants: int, number: int, run: str):
    """One training, verified applicants and one signed-in session each
    (written in bulk: what sign-up and sign-in would store)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from agencies.models import Agency
    from events.models import EventIndexPage, EventPage, EventSession

    locale, _created = Locale.objects.get_or_create(language_code="es")
    agency, _created = Agency.objects.get_or_create(
        slug="bench", defaults={"name_es": "Agencia de prueba", "name_en": "Bench"}
    )
    index = EventIndexPage.objects.filter(slug="bench-calendar").first()
    if index is None:
        index = EventIndexPage(title="Calendario", slug="bench-calendar", locale=locale)
        Page.get_first_root_node().add_child(instance=index)
    start = timezone.now() + datetime.timedelta(days=30)
    event = EventPage(
        title=f"Taller de prueba {run}-{number}",
        slug=f"taller-de-prueba-{run}-{number}",
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
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{run}-{number}-{person}",
                email=f"bench{run}-{number}-{person}@example.org",
                password=make_password(None),
            )
            for person in range(applicants)
        ],
        batch_size=500,
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
        ],
        batch_size=500,
    )
    expiry = timezone.now() + datetime.timedelta(days=1)
    sessions = []
    for user in users:
        key = secrets.token_hex(16)
        data = SessionStore().encode(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        sessions.append(Session(session_key=key, session_data=data, expire_date=expiry))
    Session.objects.bulk_create(sessions, batch_size=500)
    return event, [session.session_key for session in sessions]


def _start_task_worker(mail: Path, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=BASE_DIR,
            env={**os.environ, "BENCH_EMAIL_DIR": str(mail)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _request(conn, method: str, path: str, session_key: str):
    token = secrets.token_hex(16)
    headers = {
        "Cookie": f"sessionid={session_key}; csrftoken={token}",
        "Host": "127.0.0.1",
    }
    body = None
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = f"csrfmiddlewaretoken={token}"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def _run_clients(port: int, path: str, sessions: list[str], clients: int):
    work: queue.Queue[str] = queue.Queue()
    for session_key in sessions:
        work.put(session_key)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        while True:
            try:
                session_key = work.get_nowait()
            except queue.Empty:
                break
            began = time.perf_counter()
            status = _request(conn, "POST", path, session_key)
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
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
    """The most connections the servers held to the database at once."""

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


def _queries_of_one_apply(event, session_key: str, path: str) -> int:
    """SQL queries of one application through the whole stack, in this process
    (it then counts among the round's applications)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.get(path)  # warm this process, not counted
    token = secrets.token_hex(16)
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    with connection.execute_wrapper(counter):
        response = client.post(path, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.status_code
    return count


def _mail_count(directory: Path) -> int:
    """Messages the file e-mail backend wrote (one file per connection)."""
    return sum(
        path.read_text(errors="replace").count("\nMessage-ID: ")
        for path in directory.glob("*.log")
    )


def _drain(event, timeout: float) -> tuple[float, dict[str, int]]:
    """Wait until the worker has run every task; (seconds waited, statuses)."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    began = time.perf_counter()
    while True:
        statuses = dict(
            DBTaskResult.objects.values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        pending = statuses.get("READY", 0) + statuses.get("RUNNING", 0)
        if not pending or time.perf_counter() - began > timeout:
            return time.perf_counter() - began, statuses
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--applicants", type=int, default=1200, help="per round")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="daphne processes")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    parser.add_argument("--drop", action="store_true", help="drop it at the end")
    args = parser.parse_args()

    url = bench_servers.postgresql_and_redis_url()
    scratch = Path(tempfile.mkdtemp(prefix="bench-registration-"))
    server_mail, worker_mail = scratch / "server-mail", scratch / "worker-mail"
    server_mail.mkdir()
    worker_mail.mkdir()
    _configure_environment(server_mail)
    ensure_database(url, recreate=args.fresh)
    # Migrations and static files without the pool (one connection is enough).
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_POOL": "False"},
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=os.environ,
        check=True,
    )

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connections
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation
    from django_tasks_db.models import DBTaskResult

    from announcements.models import Announcement
    from registrations.models import Registration

    cache.clear()
    run = datetime.datetime.now(tz=datetime.UTC).strftime("%H%M%S")
    DBTaskResult.objects.all().delete()  # earlier runs' tasks do not count
    trainings = []
    for number in range(args.rounds):
        event, sessions = _setup(args.applicants + 1, number, run)
        with translation.override("es"):
            path = reverse("registrations:apply", args=[event.pk])
        trainings.append((event, sessions, path))
    queries = _queries_of_one_apply(trainings[0][0], trainings[0][1].pop(), path)
    connections.close_all()

    listener = bench_servers.free_socket(args.port)
    port = listener.getsockname()[1]
    log = scratch / "servers.log"
    servers = bench_servers.start_servers(listener, args.workers, log)
    worker = _start_task_worker(worker_mail, scratch / "worker.log")
    sampler = _ConnectionSampler(url)
    rows = []
    load_before = os.getloadavg()
    try:
        bench_servers.wait_for(port, servers)
        sampler.start()
        for number, (event, sessions, path) in enumerate(trainings):
            # Warm-up: every server process renders the form a few times.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for session_key in sessions[: 4 * args.workers]:
                _request(conn, "GET", path, session_key)
            conn.close()
            cpu = bench_servers.cpu_seconds(servers)
            wall, latencies, statuses = _run_clients(port, path, sessions, args.clients)
            spent = bench_servers.cpu_seconds(servers) - cpu
            counts = dict(
                Registration.objects.filter(event=event)
                .values_list("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
            drained, tasks = _drain(event, timeout=600)
            rows.append(
                {
                    "round": number + 1,
                    "applications": len(latencies),
                    "statuses": statuses,
                    "rate": len(latencies) / wall,
                    "p50": statistics.median(latencies) * 1000,
                    "p95": _percentile(latencies, 0.95) * 1000,
                    "p99": _percentile(latencies, 0.99) * 1000,
                    "cpu_ms": spent * 1000 / max(len(latencies), 1),
                    "capacity": event.capacity,
                    "confirmed": counts.get("confirmed", 0),
                    "waitlisted": counts.get("waitlisted", 0),
                    "registered": sum(counts.values()),
                    "expected": len(sessions) + (1 if number == 0 else 0),
                    "drained_s": drained,
                    "tasks": tasks,
                }
            )
            print(
                f"round {number + 1}/{args.rounds}: {rows[-1]['rate']:.1f} "
                f"applications/s, load "
                + " ".join(f"{value:.2f}" for value in os.getloadavg()),
                flush=True,
            )
    finally:
        sampler.stop()
        bench_servers.stop(servers)
        bench_servers.stop([worker])
        listener.close()

    server_mails, worker_mails = _mail_count(server_mail), _mail_count(worker_mail)
    notices = Announcement.objects.filter(
        recipient__username__startswith=f"bench{run}-"
    ).count()
    print(
        f"\nRegistration: {args.workers} daphne processes + 1 task worker, production "
        f"settings, PostgreSQL, Redis; {args.clients} clients, {args.rounds} rounds "
        f"of {args.applicants} applicants on one first-come training each "
        "(capacity a quarter of them, waiting list on)"
    )
    before = " ".join(f"{value:.2f}" for value in load_before)
    after = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average (1, 5, 15 min) before: {before}, after: {after}")
    print(
        "| round | applications/s | p50 ms | p95 ms | p99 ms | CPU ms/apply | "
        "HTTP statuses | capacity | confirmed | waitlisted | worker drained s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(row["statuses"].items()))
        print(
            f"| {row['round']} | {row['rate']:.1f} | {row['p50']:.0f} | "
            f"{row['p95']:.0f} | {row['p99']:.0f} | {row['cpu_ms']:.1f} | "
            f"{statuses} | {row['capacity']} | {row['confirmed']} | "
            f"{row['waitlisted']} | {row['drained_s']:.1f} |"
        )
    print(
        f"| median | {statistics.median(r['rate'] for r in rows):.1f} | "
        f"{statistics.median(r['p50'] for r in rows):.0f} | "
        f"{statistics.median(r['p95'] for r in rows):.0f} | "
        f"{statistics.median(r['p99'] for r in rows):.0f} | "
        f"{statistics.median(r['cpu_ms'] for r in rows):.1f} | | | | | |"
    )
    print(
        f"\nSQL queries of one application (whole stack): {queries}; peak database "
        f"connections of the servers and worker: {sampler.peak}"
    )
    print(
        f"e-mails sent by the servers: {server_mails}, by the task worker: "
        f"{worker_mails}; personal live notices stored by the worker: {notices}; "
        f"tasks by status: {rows[-1]['tasks']}"
    )
    problems = []
    for row in rows:
        if row["confirmed"] != row["capacity"]:
            problems.append(f"round {row['round']}: confirmed ≠ capacity")
        if row["registered"] != row["expected"]:
            problems.append(f"round {row['round']}: applications lost")
        if row["confirmed"] + row["waitlisted"] != row["registered"]:
            problems.append(f"round {row['round']}: neither confirmed nor waitlisted")
    if server_mails:
        problems.append("the servers sent e-mail in the request")
    total = sum(row["registered"] for row in rows)
    if worker_mails != total:
        problems.append(f"{worker_mails} e-mails for {total} applications")
    connections.close_all()
    if args.drop:
        drop_database(url)
    if problems:
        raise SystemExit("; ".join(problems))


if __name__ == "__main__":
    main()
