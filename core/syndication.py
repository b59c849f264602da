"""Feed formats that stay well-formed XML whatever people typed: the control
characters XML 1.0 forbids are dropped from every text of the feed."""

from django.utils import feedgenerator

from core.text import xml_text


class XmlSafeFeedMixin:
    def __init__(self, title, link, description, **kwargs):
        super().__init__(
            xml_text(title),
            link,
            xml_text(description),
            **{key: xml_text(value) for key, value in kwargs.items()},
        )

    def add_item(self, title, link, description, **kwargs):
        super().add_item(
            xml_text(title),
            link,
            xml_text(description),
            **{key: xml_text(value) for key, value in kwargs.items()},
        )


class Rss201rev2Feed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    pass


class Atom1Feed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    pass
