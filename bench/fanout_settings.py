"""Benchmark settings: production's, with the channel layer the benchmark compares
(BENCH_CHANNEL_LAYER, the portal's pub/sub layer by default)."""

import os

from portal.settings.production import *  # noqa: F403
from portal.settings.production import REDIS_URL

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": os.environ.get(
            "BENCH_CHANNEL_LAYER", "channels_redis.pubsub.RedisPubSubChannelLayer"
        ),
        "CONFIG": {"hosts": [REDIS_URL], "prefix": "portal"},
    }
}
