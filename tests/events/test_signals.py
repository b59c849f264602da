"""The events app's domain signals: a published training tells the apps above it."""

import pytest

from events.signals import training_changed, training_published
from tests.events.factories import EventPageFactory, one_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """What training_published and training_changed carried, in order."""
    calls = []

    def published(sender, event, previous, **kwargs):
        calls.append(("published", event.pk, previous))

    def changed(sender, event, previous, **kwargs):
        calls.append(("changed", event.pk, previous))

    training_published.connect(published, dispatch_uid="test.published")
    training_changed.connect(changed, dispatch_uid="test.changed")
    yield calls
    training_published.disconnect(dispatch_uid="test.published")
    training_changed.disconnect(dispatch_uid="test.changed")


def test_first_publication_is_published_but_not_changed(calendars, heard):
    training = EventPageFactory(parent=calendars["es"], days=one_day(2031, 3, 4))
    assert heard == [("published", training.pk, None)]  # the factory publishes


def test_publishing_again_tells_what_was_published_before(calendars, heard):
    training = EventPageFactory(
        parent=calendars["es"], title="Taller", days=one_day(2031, 3, 4)
    )
    training.title = "Taller (nueva fecha)"
    training.save_revision().publish()

    assert [(kind, pk) for kind, pk, _previous in heard] == [
        ("published", training.pk),
        ("published", training.pk),
        ("changed", training.pk),
    ]
    assert heard[0][2] is None
    assert heard[1][2]["title"] == "Taller"
    assert heard[2][2] == heard[1][2]


def test_drafts_send_nothing(calendars, heard):
    training = EventPageFactory(parent=calendars["es"], days=one_day(2031, 3, 4))
    heard.clear()
    training.title = "Borrador"
    training.save_revision()
    assert heard == []
