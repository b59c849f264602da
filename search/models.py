"""The search index tables (engine-neutral entries, facet values, vocabulary) and the
text extracted from uploaded documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentText(models.Model):
    """Plain text extracted from a Wagtail document, kept beside it.

    A side table rather than a custom document model: other apps already point at
    `wagtaildocs.Document`, and swapping the model under them would break them.
    """

    class Status(models.TextChoices):
        OK = "ok", _("Extracted")
        TRUNCATED = "truncated", _("Extracted up to the limit")
        EMPTY = "empty", _("No text found")
        TOO_LARGE = "too_large", _("File too large to read")
        UNSUPPORTED = "unsupported", _("File type not read")
        FAILED = "failed", _("File could not be read")
        # Over the unpacked size, compression ratio, memory or time allowed.
        NOT_EXTRACTED = (
            "not_extracted",
            _("Text not extracted: over the reading limits"),
        )

    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="extracted_text",
    )
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    error = models.CharField(_("error"), max_length=500, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    source = models.CharField(
        _("source file"),
        max_length=500,
        blank=True,
        help_text=_("File name and size the text was read from."),
    )
    extracted_at = models.DateTimeField(_("extracted at"), auto_now=True)

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.get_status_display()}"


class SearchEntry(models.Model):
    """One searchable item (page, document, agency…) as the database engine sees it.

    On SQLite a FTS5 table `search_entry_fts` (rowid = id) holds its normalised
    words; on PostgreSQL a `search_vector tsvector` column does. Both are created by
    migration 0002 on the matching database only and written by the database engine.
    """

    key = models.CharField(_("key"), max_length=64, unique=True)
    # The object the entry comes from ("page:12"); an agency has one entry per
    # language under one source.
    source = models.CharField(_("source"), max_length=64, db_index=True)
    kind = models.CharField(_("type"), max_length=20, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["year"], name="search_entry_year"),
            models.Index(fields=["language"], name="search_entry_language"),
            models.Index(fields=["-date"], name="search_entry_date"),
        ]

    def __str__(self) -> str:
        return self.key


class SearchFacetValue(models.Model):
    """A multi-valued facet of an entry: one row per agency or topic slug."""

    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="facet_values"
    )
    facet = models.CharField(_("facet"), max_length=20)
    value = models.CharField(_("value"), max_length=100)

    class Meta:
        verbose_name = _("facet value")
        verbose_name_plural = _("facet values")
        indexes = [models.Index(fields=["facet", "value"], name="search_facet_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "facet", "value"], name="search_facet_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchTerm(models.Model):
    """A folded word seen in titles and summaries; the vocabulary of "did you mean"."""

    term = models.CharField(_("term"), max_length=60, unique=True)
    length = models.PositiveSmallIntegerField(_("length"))

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        indexes = [models.Index(fields=["length", "term"], name="search_term_length")]

    def __str__(self) -> str:
        return self.term
