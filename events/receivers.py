"""Receivers of Wagtail's page signals for trainings, connected in EventsConfig.ready():
calendars keep withdrawn sessions as cancelled, and publications become the domain
signals of events.signals."""

from events import services, signals


def training_page_published(sender, instance, revision=None, **kwargs):
    services.event_returned_to_calendars(event=instance)
    signals.send_training_published(event=instance, revision=revision)


def training_page_unpublished(sender, instance, **kwargs):
    services.event_withdrawn_from_calendars(event=instance)
