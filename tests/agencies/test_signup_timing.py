"""Sign-up answers in the same time whether or not the address has an account, so
timing cannot tell which addresses are registered."""

import statistics
import time

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-42"
RUNS = 5


def _timed_signup(client, email: str) -> float:
    cache.clear()  # allauth's rate limits count in the cache
    client.logout()
    started = time.perf_counter()
    response = client.post(
        "/es/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    return elapsed


def test_signup_takes_as_long_for_a_taken_address_as_for_a_new_one(
    client, site_tree, settings
):
    taken = [UserFactory(email=f"taken{run}@example.org") for run in range(RUNS + 1)]
    # Production's hasher: its cost is what a stranger would measure.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    _timed_signup(client, "warm-up@example.org")
    _timed_signup(client, taken[RUNS].email)
    new, existing = [], []
    for run in range(RUNS):  # interleaved, so a busy machine slows both alike
        new.append(_timed_signup(client, f"new{run}@example.org"))
        existing.append(_timed_signup(client, taken[run].email))
    new_median = statistics.median(new)
    existing_median = statistics.median(existing)
    slower = max(new_median, existing_median)
    assert abs(new_median - existing_median) <= 0.3 * slower, (new, existing)
