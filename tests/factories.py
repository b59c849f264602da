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


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signs in by e-mail; `verified=True` (default) marks it verified."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        from allauth.account.models import EmailAddress

        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )


class AgencyFactory(factory.django.DjangoModelFactory):
    """An active agency with its collection and editors' group provisioned
    (`provision=False`: the bare row, as an imported agency would be)."""

    class Meta:
        model = "agencies.Agency"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"agency-{n}")
    name_es = factory.Sequence(lambda n: f"Agencia {n}")
    name_en = factory.Sequence(lambda n: f"Agency {n}")
    kind = "government"

    @classmethod
    def _create(cls, model_class, *args, provision: bool = True, **kwargs):
        from agencies import services

        agency = super()._create(model_class, *args, **kwargs)
        return services.agency_provision(agency=agency) if provision else agency


def make_member(agency, role: str = "member", user=None, **user_fields):
    """A user with `role` in `agency`, created through the service (groups synced)."""
    from agencies import services

    user = user or UserFactory(**user_fields)
    services.membership_create(agency=agency, user=user, role=role)
    return user
