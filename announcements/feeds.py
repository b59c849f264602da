"""RSS feed of the public announcements."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from announcements import selectors
from core.syndication import Rss201rev2Feed
from core.templatetags.translation_tags import fallback_label


class PublicAnnouncementsFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Announcements · Coordination Portal")
    description = _("Public announcements of the agencies on the portal.")

    def link(self):
        return reverse("announcements:list")

    def items(self):
        return selectors.public_announcements()

    def item_title(self, item):
        title = item.translated_title
        if title.fell_back:
            return f"{title} ({fallback_label(title.language)})"
        return title

    def item_description(self, item):
        return item.translated_body

    def item_link(self, item):
        return f"{reverse('announcements:list')}#announcement-{item.pk}"

    def item_guid(self, item):
        return f"announcement-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return str(item.agency) if item.agency else None
