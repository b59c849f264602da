"""Production settings refuse to start with a secret that could be guessed."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

STRONG_KEY = "k7#Qz!v9Lw2@xR4$tP8^mN1&bC6*hJ3(dF5)gS0-yU_aE+iO=lK"


def start_production(secret_key: str) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter, as start-up does."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_key,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param("short-but-varied-0123456789", id="shorter-than-50"),
        pytest.param("ab" * 40, id="fewer-than-5-distinct"),
        pytest.param("django-insecure-" + STRONG_KEY, id="django-insecure-prefix"),
    ],
)
def test_production_refuses_a_weak_secret_key(secret_key):
    started = start_production(secret_key)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "SECRET_KEY" in started.stderr
    assert "50 characters" in started.stderr


def test_production_refuses_a_missing_secret_key():
    started = start_production("")
    assert started.returncode != 0
    assert "SECRET_KEY must be set" in started.stderr


def test_production_starts_with_a_strong_secret_key():
    started = start_production(STRONG_KEY)
    assert started.returncode == 0, started.stderr
