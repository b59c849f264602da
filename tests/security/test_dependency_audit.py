"""tools/dependency_audit.py against a local index served over real HTTP."""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import dependency_audit  # noqa: E402

INDEX = {
    "django": {
        "name": "django",
        "versions": ["4.2.11", "4.2.12", "4.2.13", "5.0"],
        "files": [
            {"filename": "Django-4.2.11.tar.gz", "yanked": False},
            {"filename": "Django-4.2.12-py3-none-any.whl", "yanked": "bad files"},
            {"filename": "Django-4.2.12.tar.gz", "yanked": "bad files"},
            {"filename": "django-4.2.13.tar.gz", "yanked": False},
            {"filename": "django-5.0-py3-none-any.whl", "yanked": False},
        ],
    },
    "wagtail": {
        "name": "wagtail",
        "versions": ["8.0", "8.0.1"],
        "files": [
            {"filename": "wagtail-8.0-py3-none-any.whl", "yanked": False},
            {"filename": "wagtail-8.0.1-py3-none-any.whl", "yanked": False},
        ],
    },
}


class SimpleIndex(BaseHTTPRequestHandler):
    def do_GET(self):
        project = INDEX.get(self.path.strip("/").split("/")[-1])
        body = json.dumps(project).encode() if project else b"{}"
        self.send_response(200 if project else 404)
        self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def index_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleIndex)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/simple/"
    server.shutdown()
    server.server_close()


def run(tmp_path, index_url, lines, capsys):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n".join(["# pins", *lines]) + "\n")
    status = dependency_audit.main(
        ["-r", str(requirements), "--index-url", index_url, "--timeout", "5"]
    )
    return status, capsys.readouterr().out


def test_yanked_pin_fails(tmp_path, index_url, capsys):
    status, out = run(tmp_path, index_url, ["Django==4.2.12"], capsys)
    assert status == 1
    assert "FAIL Django==4.2.12: 4.2.12 is yanked: bad files" in out
    assert "newer patch release of 4.2: 4.2.13" in out


def test_unknown_pin_fails_and_old_patch_is_only_noted(tmp_path, index_url, capsys):
    status, out = run(tmp_path, index_url, ["wagtail==7.9"], capsys)
    assert status == 1
    assert "not on the index" in out
    status, out = run(tmp_path, index_url, ["django[argon2]==4.2.11"], capsys)
    assert status == 0
    assert "note django==4.2.11: newer patch release of 4.2: 4.2.13" in out


def test_current_pins_pass(tmp_path, index_url, capsys):
    status, out = run(tmp_path, index_url, ["Django==4.2.13", "wagtail==8.0.1"], capsys)
    assert status == 0
    assert "2 pins checked, 0 failing" in out


def test_unreachable_index_neither_hangs_nor_fails(tmp_path, capsys):
    status, out = run(
        tmp_path, "http://127.0.0.1:9/simple/", ["Django==4.2.13"], capsys
    )
    assert status == 0
    assert "unreachable" in out
