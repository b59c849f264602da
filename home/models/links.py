"""The ordered link from a page to a resource page, shared by several pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class ResourceLink(Orderable):
    """An ordered link from a page to a resource page (a law, a guide, a form)."""

    resource = models.ForeignKey(
        "home.ResourcePage",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        abstract = True
