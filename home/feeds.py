"""RSS and Atom feeds of one news index."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone

from core.syndication import Atom1Feed, Rss201rev2Feed
from home.models import NewsIndexPage, NewsPage


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index: NewsIndexPage):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        return index.title

    def link(self, index):
        return index.get_url(request=self.request)

    def description(self, index):
        return index.intro or index.title

    def items(self, index):
        return (
            NewsPage.objects.child_of(index)
            .live()
            .public()
            .prefetch_related("tags")
            .order_by("-date", "-pk")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # The host people reached, not the Site's configured one.
        return self.request.build_absolute_uri(item.get_url(request=self.request))

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(12)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
