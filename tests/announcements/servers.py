"""Real ASGI servers for the multi-process and browser tests: daphne subprocesses
on free loopback ports, sharing the test database (and Redis when given)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
DAPHNE = Path(sys.executable).with_name("daphne")


def shared_database_url() -> str:
    """The test database as other processes can open it, or skip the test.

    SQLite test databases live in this process's memory; PostgreSQL's is shared.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) so other processes share it")
    user = urllib.parse.quote(database.get("USER") or "")
    password = urllib.parse.quote(database.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{database['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """A server process a test started; stopping it is the same for each kind."""

    process: subprocess.Popen | None = None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class DaphneServer(ServerProcess):
    """One daphne process serving portal.asgi; restartable on the same port."""

    def __init__(self, *, database_url: str, redis_url: str = "", log_dir: Path):
        self.port = free_port()
        self.log_path = log_dir / f"daphne-{self.port}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CONN_MAX_AGE": "0",
        }
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/announcements/"

    def start(self, timeout: float = 60) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(DAPHNE),
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "portal.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log_path.read_text(errors="replace"))
            # Loopback http only: the URL is built from our own port.
            try:
                health = f"{self.url}/healthz"
                with urllib.request.urlopen(health, timeout=1):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"daphne did not start on {self.port}")


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def make_superuser(username: str = "publisher"):
    return get_user_model().objects.create_superuser(
        username=username, email=f"{username}@example.org", password="x"
    )


def publish_through_admin(server: DaphneServer, session: str, **fields) -> None:
    """Post the admin's add form to one server, as a browser session would."""
    form_url = f"{server.url}/admin/announcements/new/"
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session}")]
    with opener.open(form_url, timeout=10) as response:
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    csrf_cookie = next(
        c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken=")
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "title": "",
        "body": "",
        "level": "info",
        "audience": "public",
        "agency": "",
        "event": "",
        "recipient": "",
        "publish_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "expires_at": "",
        **{key: str(value) for key, value in fields.items()},
    }
    request = urllib.request.Request(  # noqa: S310
        form_url,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Cookie": f"sessionid={session}; csrftoken={csrf_cookie}"},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as done:
            status = done.status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 302, f"the admin refused the announcement ({status})"


REDIS_SERVER = Path("/usr/bin/redis-server")


class RedisServer(ServerProcess):
    """A private redis-server on a free loopback port, nothing saved to disk: tests
    may stop and restart it without touching the shared Redis."""

    def __init__(self, *, log_dir: Path):
        if not REDIS_SERVER.exists():
            pytest.skip(f"needs {REDIS_SERVER}")
        self.port = free_port()
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def command(self, name: str) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as conn:
            conn.sendall(name.encode() + b"\r\n")
            return conn.recv(64)

    def ping(self) -> bool:
        try:
            return self.command("PING").startswith(b"+PONG")
        except OSError:
            return False

    def save(self) -> None:
        """Write the data to disk: the next start loads it, like a Redis that
        kept its data through the outage."""
        assert self.command("SAVE").startswith(b"+OK")

    def start(self, timeout: float = 10) -> None:
        log = (self.log_dir / f"redis-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(REDIS_SERVER),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.log_dir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited ({self.process.returncode})")
            if self.ping():
                return
            time.sleep(0.05)
        raise TimeoutError(f"redis-server did not start on {self.port}")


@pytest.fixture
def redis_server(tmp_path):
    """A private Redis for this test, stopped at teardown."""
    server = RedisServer(log_dir=tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
