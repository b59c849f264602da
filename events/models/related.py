"""Materials and related resources attached to a training."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.models import Orderable

from home.models import ResourceLink

from .training import EventPage


class EventPageMaterial(Orderable):
    page = ParentalKey(EventPage, related_name="materials", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class EventPageRelatedResource(ResourceLink):
    page = ParentalKey(
        EventPage, related_name="related_resources", on_delete=models.CASCADE
    )

    class Meta(ResourceLink.Meta):
        verbose_name = _("related resource")
        verbose_name_plural = _("related resources")
