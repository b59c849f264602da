"""Fixtures of the security tests: an admin who reads the admin in English."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile


@pytest.fixture
def admin_client(client, db):
    """A superuser's client; the admin's language is pinned so messages read the
    same whatever the compiled translations hold."""
    user = get_user_model().objects.create_superuser(
        username="root", email="root@example.org", password="correct-horse-battery"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    client.user = user
    return client
