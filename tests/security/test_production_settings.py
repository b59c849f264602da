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


@pytest.mark.django_db
def test_a_body_over_the_request_limit_is_refused_before_it_is_read(client):
    announced = settings.REQUEST_BODY_MAX_SIZE + 1
    response = client.generic(
        "POST",
        "/es/accounts/login/",
        b"login=a%40example.org&password=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(announced),
    )
    assert response.status_code == 413
    assert "No se guardó nada" in response.content.decode()
    english = client.generic(
        "POST", "/en/accounts/login/", b"", CONTENT_LENGTH=str(announced)
    )
    assert english.status_code == 413
    assert "Nothing was saved" in english.content.decode()


@pytest.mark.django_db
def test_a_form_body_over_the_form_limit_gets_a_400(client, site_tree):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = b"login=a%40example.org&password=" + b"x" * limit
    response = client.generic(
        "POST",
        "/en/accounts/login/",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.django_db
def test_an_upload_bigger_than_the_form_limit_goes_through(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    assert settings.REQUEST_BODY_MAX_SIZE > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    content = b"Taller de tres dias.\n" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 10)
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Notas largas",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("notas.txt", content),
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Notas largas")
    assert document.file.size == len(content)
