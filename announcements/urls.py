"""URLs of the announcements page and its feed (under the language prefix)."""

from django.urls import path

from announcements import feeds, views

app_name = "announcements"
urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("feed/", feeds.PublicAnnouncementsFeed(), name="feed"),
]
