"""WebSocket routes of the announcements app."""

from django.urls import path

from announcements.consumers import AnnouncementConsumer

websocket_urlpatterns = [
    path("ws/announcements/", AnnouncementConsumer.as_asgi()),
]
