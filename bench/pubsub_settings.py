"""Benchmark variant: the dev settings with channels_redis' pub/sub layer, which
publishes a group message once per process instead of once per member."""

from portal.settings.dev import *  # noqa: F403
from portal.settings.dev import REDIS_URL

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [REDIS_URL], "prefix": "portal"},
    }
}
