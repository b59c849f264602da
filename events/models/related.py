"""Materials and related resources attached to a training."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.models import Orderable

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


class EventPageRelatedResource(Orderable):
    page = ParentalKey(
        EventPage, related_name="related_resources", on_delete=models.CASCADE
    )
    resource = models.ForeignKey(
        "home.ResourcePage",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = _("related resource")
        verbose_name_plural = _("related resources")
