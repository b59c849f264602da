"""Hooks: a lower app reads what the apps above it registered, by key."""

import pytest

from agencies.hooks import agency_profile_listings
from core.hooks import Hook
from home.hooks import home_page_listings


def test_readers_are_called_with_the_same_arguments_in_order():
    hook = Hook("test listings")
    hook.register("news", lambda *, agency: f"news of {agency}")
    hook.register("trainings", lambda *, agency: [agency])
    assert hook.read(agency="oim") == {"news": "news of oim", "trainings": ["oim"]}
    assert list(hook.read(agency="x")) == ["news", "trainings"]


def test_registering_a_key_again_replaces_its_reader():
    hook = Hook("test listings")
    hook.register("news", lambda: 1)
    hook.register("news", lambda: 2)
    assert hook.read() == {"news": 2}
    hook.unregister("news")
    assert hook.read() == {}
    assert "empty" in repr(hook)


@pytest.mark.parametrize(
    ("hook", "keys"),
    [
        (agency_profile_listings, {"news", "resources", "trainings"}),
        (home_page_listings, {"upcoming_trainings"}),
    ],
)
def test_apps_above_fill_the_hooks_of_the_apps_below(hook, keys):
    """home and events register their listings from their AppConfig.ready()."""
    assert set(hook._readers) == keys
