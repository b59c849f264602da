"""Pages of the public site and the taxonomy they share; the tree reads from here.

The package holds one module per subject; import from here.
"""

from .home_page import HomePage, HomePageFeaturedResource
from .links import ResourceLink
from .news import NewsIndexPage, NewsPage, NewsPageRelatedResource, NewsPageTag
from .resources import (
    ResourceIndexPage,
    ResourcePage,
    ResourcePageDocument,
    ResourceType,
)
from .site import PortalSettings, StandardPage
from .topics import ContentLanguage, Topic

__all__ = [
    "ContentLanguage",
    "HomePage",
    "HomePageFeaturedResource",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageRelatedResource",
    "NewsPageTag",
    "PortalSettings",
    "ResourceIndexPage",
    "ResourceLink",
    "ResourcePage",
    "ResourcePageDocument",
    "ResourceType",
    "StandardPage",
    "Topic",
]
