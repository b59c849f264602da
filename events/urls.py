"""Public URLs of the events app that Wagtail's page router cannot match itself."""

from django.urls import re_path

from events import views

# Wagtail serves only paths of letters, digits, hyphens and slashes; calendar
# files end in ".ics", so they come through here and then through the page tree.
urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)(?P<name>feed|calendar)\.ics$",
        views.calendar_file,
        name="events_calendar_file",
    ),
]
