"""WebSocket routes of the announcements app (the live consumer comes with issue 7)."""

websocket_urlpatterns: list = []
