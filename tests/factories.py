"""factory_boy factories for pages and documents; pages need a parent to live under."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Page

from home.models import (
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
    ResourceType,
    StandardPage,
    Topic,
)


class PageFactory(factory.django.DjangoModelFactory):
    """Create a published page under `parent` (a required keyword)."""

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))

    @classmethod
    def _create(cls, model_class, *args, parent: Page, live: bool = True, **kwargs):
        page = model_class(*args, locale=parent.locale, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        return page


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_es = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(n))
    summary = factory.Faker("sentence")


class ResourceIndexPageFactory(PageFactory):
    class Meta:
        model = ResourceIndexPage

    title = "Resources"
    slug = "resources"


class ResourcePageFactory(PageFactory):
    class Meta:
        model = ResourcePage

    resource_type = ResourceType.GUIDE
    issuing_body = "National Migration Service"
    summary = factory.Faker("sentence")


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyAttribute(
        lambda doc: ContentFile(b"plain text content", name=f"{doc.title}.txt")
    )
