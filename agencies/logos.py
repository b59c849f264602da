"""Agency logos: coordinators upload their agency's logo (a Wagtail image in the
agency's collection); pages and certificates show renditions of it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from agencies import permissions
from agencies.models import Agency
from agencies.services import AgencyError

# The renditions pages ask for: profile header, training cards, certificates.
PROFILE_FILTER = "max-240x120"
CARD_FILTER = "max-120x48"
CERTIFICATE_FILTER = "max-400x160"


def _require_coordinator(by, agency: Agency) -> None:
    if not permissions.user_is_coordinator(by, agency):
        raise AgencyError(
            _("Only the agency's coordinators can change its logo."),
            code="forbidden",
        )


@transaction.atomic
def agency_logo_set(*, agency: Agency, image_file, by):
    """Store the uploaded file as a Wagtail image in the agency's collection and
    make it the agency's logo. `image_file` is an upload already validated as an
    image (wagtail.images.fields.WagtailImageField)."""
    _require_coordinator(by, agency)
    Image = get_image_model()
    picture = getattr(image_file, "image", None)  # set by the form's validation
    image = Image(
        title=_("Logo of %(agency)s") % {"agency": agency.name_es},
        file=image_file,
        uploaded_by_user=by,
    )
    if picture is not None and not image.width:
        image.width, image.height = picture.size
    if agency.collection_id:
        image.collection_id = agency.collection_id
    image._set_image_file_metadata()
    image.save()
    agency.logo = image
    agency.save(update_fields=["logo"])
    return image


@transaction.atomic
def agency_logo_remove(*, agency: Agency, by) -> None:
    """The agency shows no logo (the image stays in its collection)."""
    _require_coordinator(by, agency)
    agency.logo = None
    agency.save(update_fields=["logo"])


def logo_rendition(agency: Agency, filter_spec: str = CERTIFICATE_FILTER):
    """The logo's rendition (for the PDF certificate), or None without a logo or
    when its file cannot be read."""
    if agency.logo_id is None:
        return None
    try:
        return agency.logo.get_rendition(filter_spec)
    except (OSError, ValueError):
        return None
