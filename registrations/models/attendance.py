"""Attendance per session, certificates and evaluations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.images import get_image_model_string
from wagtail.models import Orderable

from core.translation import TranslatedField

from .applications import Registration


class Attendance(models.Model):
    """Whether a confirmed participant was present at one session."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        "events.EventSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    # The first check-in (a scan, a name tapped, a tick), kept when phones that
    # were offline send the same person again later.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        db_table = "events_attendance"
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"],
                name="events_attendance_one_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.session_id} · {self.present}"


def certificate_code_normalise(typed: str) -> str:
    """A certificate code as stored, from one typed by hand: spaces dropped,
    upper case, and the dashes of the XXXX-XXXX-XXXX format put back when the
    12 characters are there. Anything else comes back compacted, as typed."""
    compact = "".join(typed.split()).upper()
    bare = compact.replace("-", "")
    if len(bare) == 12 and bare.isalnum():
        return f"{bare[:4]}-{bare[4:8]}-{bare[8:]}"
    return compact


class Certificate(models.Model):
    """A certificate of attendance; anyone holding the code can verify it."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    # Printed on the certificate and shown when it is verified; emptied (the code
    # still verifies) when the holder deletes their account.
    holder_name = models.CharField(_("holder"), max_length=200)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    # Revocation by the training's organizers (issue 19): the verification page
    # and the credential's status list say revoked; the reason stays internal.
    # The certificate's pk is its index in the revocation status list.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "events_certificate"
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code


class CertificateSigner(Orderable):
    """Someone who signs the training's certificates: name, position in both
    languages and a signature image, printed in order at the foot of the
    certificate. Edited on the source page, like the other registration settings."""

    page = ParentalKey(
        "events.EventPage",
        verbose_name=_("training"),
        related_name="certificate_signers",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=200)
    position_es = models.CharField(_("position (Spanish)"), max_length=200)
    position_en = models.CharField(_("position (English)"), max_length=200, blank=True)
    signature = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    position = TranslatedField()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("position_es"), FieldPanel("position_en")]),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("certificate signer")
        verbose_name_plural = _("certificate signers")

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """An attendee's rating and comments after the training."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        db_table = "events_evaluation"
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.registration} · {self.rating}"
