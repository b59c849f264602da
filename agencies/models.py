"""Agencies, their members and the page mixin that scopes editing to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translation import TranslatedField


def name_with_acronym(name: str, acronym: str) -> str:
    """`name (ACRONYM)`, or the name alone when there is no acronym or the name
    already ends with one, such as the other language's ("… Migration (IOM)")."""
    if not acronym or acronym in name or name.rstrip().endswith(")"):
        return name
    return f"{name} ({acronym})"


class Agency(models.Model):
    """An organization that publishes content and co-organizes trainings."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government entity")
        INTERNATIONAL = "international", _("International organization")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organization")
        ACADEMIA = "academia", _("Academia")
        PRIVATE = "private", _("Private sector")
        OTHER = "other", _("Other")

    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Used in the address of the agency's profile: /agencies/<slug>/."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    country = models.CharField(_("country"), max_length=100, blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Filled by agencies.services when the agency is saved through them: the
    # collection holds the agency's documents and images, the group grants its
    # editors the right to manage that collection.
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="agency",
    )
    editors_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("editors group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="agency",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name_es"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language with its acronym, unless the name
        already carries it ("… Migraciones (OIM)", not "… (OIM) (OIM)")."""
        return name_with_acronym(self.name, self.acronym)

    name = TranslatedField()
    description = TranslatedField()


class Membership(models.Model):
    """A user's role in one agency; a user may belong to several agencies."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        EDITOR = "editor", _("Editor")
        MEMBER = "member", _("Member")
        # Nominates the agency's staff for trainings and endorses their
        # applications (registrations app); edits no content.
        FOCAL_POINT = "focal_point", _("Focal point")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.MEMBER
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["agency", "role", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"], name="agencies_membership_unique_user_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"

    @property
    def can_edit(self) -> bool:
        """Coordinators manage members and also edit the agency's content."""
        return self.role in (self.Role.COORDINATOR, self.Role.EDITOR)


class Invitation(models.Model):
    """A coordinator's invitation to join an agency, valid once for a few days.

    Only a hash of the token is stored: the link in the e-mail is the secret.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Membership.Role.choices,
        default=Membership.Role.MEMBER,
    )
    token_hash = models.CharField(
        _("token hash"), max_length=64, unique=True, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.agency}"


class ParticipantProfile(models.Model):
    """What a person tells the portal about themselves, shown on "My account"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="participant_profile",
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
        help_text=_("Choose your organization if it is listed."),
    )
    organization_name = models.CharField(
        _("organization (if not listed)"), max_length=200, blank=True
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")

    def __str__(self) -> str:
        return self.full_name or str(self.user)

    @property
    def organization(self) -> str:
        if self.agency_id:
            return str(self.agency)
        return self.organization_name


class AgencyScopedPageMixin:
    """A page whose editing rights follow the agencies that organize it.

    The page class implements `organizing_agency_ids()`; Wagtail's edit, publish,
    unpublish, delete and view-draft checks then allow only superusers and the
    editors (or coordinators) of one of those agencies. See agencies.permissions.
    `organizing_agency_lookups` names the same relations for queries (the admin
    explorer lists only the pages a member may act on).
    """

    organizing_agency_lookups: tuple[str, ...] = ("agencies",)

    def organizing_agency_ids(self) -> set[int]:
        raise NotImplementedError

    @classmethod
    def organized_by_q(cls, agency_ids) -> models.Q:
        """Pages of this class organized by any of these agencies."""
        condition = models.Q(pk__in=[])
        for lookup in cls.organizing_agency_lookups:
            condition |= models.Q(**{f"{lookup}__in": agency_ids})
        return condition

    def permissions_for_user(self, user):
        from agencies.permissions import AgencyPagePermissionTester

        return AgencyPagePermissionTester(user, self)


class AgencyIndexPageMixin:
    """For the indexes that hold agency-scoped pages: their editors may publish
    a new page straight from the create form (see AgencyIndexPermissionTester)."""

    def permissions_for_user(self, user):
        from agencies.permissions import AgencyIndexPermissionTester

        return AgencyIndexPermissionTester(user, self)
