"""Demo content of the public site, built from shared/seed/workshop-news.txt.

The package holds one module per subject; import from here.
"""

from .content import (
    ABOUT,
    HOME,
    NEWS_INDEX,
    PAGE_AGENCIES,
    RESOURCE_INDEX,
    RESOURCES,
    SEED_NEWS,
    SEED_ORGANIZERS,
    TOPICS,
)
from .legal import LEGAL_PAGES
from .loader import link_agencies, load

__all__ = [
    "ABOUT",
    "HOME",
    "LEGAL_PAGES",
    "NEWS_INDEX",
    "PAGE_AGENCIES",
    "RESOURCES",
    "RESOURCE_INDEX",
    "SEED_NEWS",
    "SEED_ORGANIZERS",
    "TOPICS",
    "link_agencies",
    "load",
]
