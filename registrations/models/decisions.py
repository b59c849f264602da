"""The audit trail of selection: every decision on a registration, who took it,
when, and why (a reason from a list and/or written)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Registration


class Decision(models.Model):
    """One decision taken on one registration; rows are only ever added."""

    class Action(models.TextChoices):
        NOMINATE = "nominate", _("Nominated")
        ENDORSE = "endorse", _("Endorsed")
        DECLINE_ENDORSEMENT = "decline_endorsement", _("Endorsement declined")
        APPROVE = "approve", _("Approved")
        WAITLIST = "waitlist", _("Moved to the waiting list")
        DECLINE = "decline", _("Declined")
        PROMOTE = "promote", _("Promoted from the waiting list")
        OFFER = "offer", _("Seat offered")
        EXPIRE = "expire", _("Offer expired")
        ACCEPT_OFFER = "accept_offer", _("Offer accepted")
        DECLINE_OFFER = "decline_offer", _("Offer declined")
        WITHDRAW_OFFER = "withdraw_offer", _("Offer withdrawn")
        CANCEL = "cancel", _("Cancelled")

    class Reason(models.TextChoices):
        """Reasons an applicant may be told, in their language."""

        NO_SEATS = "no_seats", _("All seats are taken")
        RANKED_BELOW = "ranked_below", _("Other applicants ranked higher")
        QUOTA_FILLED = "quota_filled", _("Your organization's seats are filled")
        NOT_ELIGIBLE = "not_eligible", _("The profile does not match the eligibility")
        INCOMPLETE = "incomplete", _("The application is incomplete")
        PREREQUISITE = "prerequisite", _("A prerequisite training is missing")
        ALREADY_TRAINED = "already_trained", _("Already trained in an earlier edition")
        NOT_ENDORSED = "not_endorsed", _("Your organization did not endorse it")
        WORKLOAD = "workload", _("Not the right time for the service")
        OFFER_DECLINED = "offer_declined", _("You declined the seat offered to you")
        OFFER_EXPIRED = (
            "offer_expired",
            _("The seat offered to you was not accepted before its deadline"),
        )
        OTHER = "other", _("Other (see the explanation)")

    # Reasons the portal gives on its own (an offer's answer or deadline), not
    # offered to organizers deciding.
    PORTAL_REASONS = (Reason.OFFER_DECLINED, Reason.OFFER_EXPIRED)

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    action = models.CharField(_("decision"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # An endorser who has no account, or the user's address when the decision
    # was taken (kept when the account is deleted); both empty: the system.
    actor_email = models.EmailField(_("taken by (e-mail)"), blank=True)
    created_at = models.DateTimeField(_("taken at"), auto_now_add=True, db_index=True)
    reason_code = models.CharField(
        _("reason"), max_length=30, choices=Reason.choices, blank=True
    )
    reason_text = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.registration_id}"

    @property
    def actor_label(self) -> str:
        """Who took it, as the audit trail prints it ("the portal" for what the
        rules did by themselves, in the active language)."""
        if self.actor_id and self.actor:
            return self.actor.email or self.actor.get_username()
        return self.actor_email or str(_("the portal (automatic)"))

    @property
    def reason_display(self) -> str:
        """The reason in the active language, then the written explanation."""
        parts = []
        if self.reason_code and self.reason_code != self.Reason.OTHER:
            parts.append(str(self.get_reason_code_display()))
        if self.reason_text:
            parts.append(self.reason_text)
        return " — ".join(parts)
