"""The portal project: settings, root URLs, ASGI/WSGI entry points, base templates."""
