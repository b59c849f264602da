"""Topics and content languages shared by news, resources and trainings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.translation import TranslatedField


class Topic(models.Model):
    """A subject shared by resources and trainings (e.g. migrant smuggling)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    panels = [FieldPanel("name_es"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    name = TranslatedField()


class ContentLanguage(models.TextChoices):
    """The language a resource document is written in (not the page's locale)."""

    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    MULTILINGUAL = "multi", _("Several languages")
