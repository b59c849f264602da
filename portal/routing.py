"""WebSocket routes of every app, gathered for asgi.py."""

from announcements.routing import websocket_urlpatterns as announcement_routes

websocket_urlpatterns = [*announcement_routes]
