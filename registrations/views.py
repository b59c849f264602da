"""Participant pages of the registration workflow: apply, "My registrations",
cancel and undo, answer an offer, the check-in code (evaluation and certificates:
certificate_views). Rules live in the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction

from agencies.models import ParticipantProfile
from events.emails import training_in, training_title
from events.models import EventPage
from events.selectors import event_has_ended, event_has_started
from registrations import selectors, services
from registrations.documents import (
    checkin_qr_svg,
)
from registrations.forms import (
    ApplicantForm,
    ApplyForm,
)
from registrations.models import Registration
from registrations.services import RegistrationError


def add_error(form, error: RegistrationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _live_page(event_id: int):
    pages = EventPage.objects.live().select_related("locale")
    return get_object_or_404(pages, pk=event_id)


def restricted_response(request, page, *, return_url: str = ""):
    """None when the person may read the training; else what they get instead.

    A password they have not entered in this session: Wagtail's password form,
    which brings them back here. Any other restriction: a 404, as for a
    training that does not exist (ids are sequential).
    """
    restriction = selectors.training_view_refusal(
        page=page, user=request.user, session=request.session
    )
    if restriction is None:
        return None
    if restriction.restriction_type != PageViewRestriction.PASSWORD:
        raise Http404
    return_url = return_url or request.get_full_path()
    form = PasswordViewRestrictionForm(
        instance=restriction, initial={"return_url": return_url}
    )
    action_url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
    )
    response = page.serve_password_required_response(request, form, action_url)
    add_never_cache_headers(response)
    return response


@never_cache
@login_required
def apply(request, event_id: int):
    """The application form of a training (questions and session choices)."""
    page = _live_page(event_id)
    if (refused := restricted_response(request, page)) is not None:
        return refused
    event = selectors.registration_event(event=page)
    existing = selectors.user_registration(user=request.user, event=event)
    # Someone who cancelled may apply again while registration is open: a fresh
    # application at the back of the queue (see registration_apply).
    cancelled_before = (
        existing is not None and existing.status == Registration.Status.CANCELLED
    )
    if cancelled_before:
        existing = None
    data = request.POST if request.method == "POST" else None
    form = ApplyForm(data, event=event, endorsement=event.endorsement_required)
    # A post without the applicant's fields (an older form) leaves the profile
    # as it is rather than emptying it.
    corrects_profile = data is not None and "applicant-full_name" in data
    profile = ParticipantProfile.objects.filter(user=request.user).first()
    applicant = ApplicantForm(
        data if corrects_profile else None,
        endorsement=event.endorsement_required,
        instance=profile,
        initial=None
        if profile is not None and profile.full_name
        else {"full_name": request.user.get_full_name()},
    )
    if (
        request.method == "POST"
        and existing is None
        and form.is_valid()
        and (applicant.is_valid() or not corrects_profile)
    ):
        try:
            registration = services.registration_apply(
                event=event,
                user=request.user,
                answers=form.answers(),
                session_ids=form.session_ids(),
                profile=applicant.profile_fields() if corrects_profile else None,
                **form.endorsement_choice(
                    agency=applicant.cleaned_data["agency"]
                    if corrects_profile
                    else selectors.profile_agency(user=request.user)
                ),
            )
        except RegistrationError as error:
            if corrects_profile and error.field in applicant.fields:
                applicant.add_error(error.field, error.message)
            else:
                add_error(form, error)
        else:
            messages.success(
                request,
                _("Your registration for “%(event)s” is recorded: %(status)s.")
                % {"event": page.title, "status": registration.get_status_display()},
            )
            return redirect("registrations:list")
    return render(
        request,
        "registrations/registration_form.html",
        {
            "page": page,
            "event": event,
            "form": form,
            "applicant": applicant,
            "existing": existing,
            "eligibility": selectors.eligibility_shown(page=page, event=event),
            "cancelled_before": cancelled_before,
            "is_open": selectors.registration_is_open(event),
        },
        status=400 if form.errors or applicant.errors else 200,
    )


@never_cache
@login_required
def registration_list(request):
    """ "My registrations": status, waiting-list position, sessions, actions.

    A training the person may not read now (a group they left, a password not
    entered in this session) shows as private: no title, link or actions.
    """
    registrations = selectors.user_registrations(user=request.user)
    selectors.registration_texts(registrations)
    refusals = selectors.training_view_refusals(
        trainings=[
            (registration.page, registration.event) for registration in registrations
        ],
        user=request.user,
        session=request.session,
    )
    for registration in registrations:
        event = registration.event
        refusal = refusals[registration.page.pk]
        registration.is_private = refusal is not None
        registration.unlock_url = (
            registration.page.url
            if refusal is not None
            and refusal.restriction_type == PageViewRestriction.PASSWORD
            else ""
        )
        started = event_has_started(event)
        registration.can_cancel = registration.status in CANCELLABLE and not started
        registration.can_undo = (
            registration.status == Registration.Status.CANCELLED
            and registration.status_before_cancel in CANCELLABLE
            and not started
            and not event.is_cancelled
        )
        registration.has_ended = event_has_ended(event)
        registration.attendance = (
            selectors.attendance_record(registration=registration)
            if registration.status == Registration.Status.ATTENDED
            else None
        )
        # The certificate comes with the registration (select_related).
        certificate = getattr(registration, "certificate", None)
        registration.certificate_revoked = bool(certificate and certificate.revoked_at)
        registration.show_online_link = (
            bool(event.online_url and registration.holds_seat)
            and not registration.is_private
        )
        registration.checkin_qr = (
            _checkin_qr(registration)
            if registration.holds_seat
            and not registration.has_ended
            and not registration.is_private
            else ""
        )
    return render(
        request,
        "registrations/registration_list.html",
        {
            "registrations": registrations,
            "reviews": selectors.reviewer_events(user=request.user),
        },
    )


def _checkin_qr(registration: Registration) -> str:
    token = services.registration_checkin_token(registration=registration)
    return checkin_qr_svg(token)


@never_cache
@login_required
def checkin_code(request, pk: int):
    """The participant's check-in QR code on a page of its own, to print."""
    registration = own_registration(request, pk)
    if (refused := restricted_response(request, registration.event)) is not None:
        return refused
    if not registration.holds_seat:
        raise Http404
    token = services.registration_checkin_token(registration=registration)
    return render(
        request,
        "registrations/checkin_code.html",
        {
            "registration": registration,
            "page": training_in(registration.event, get_language()),
            "qr": checkin_qr_svg(token),
            "token": token,
            "sessions": registration.sessions.all()
            or registration.event.sessions.all(),
        },
    )


def own_registration(request, pk: int) -> Registration:
    """The signed-in person's registration; anyone else's is a 404."""
    return get_object_or_404(
        Registration.objects.select_related("event"), pk=pk, user=request.user
    )


CANCELLABLE = (
    Registration.Status.AWAITING_ENDORSEMENT,
    Registration.Status.PENDING,
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
)


@never_cache
@login_required
def cancel(request, pk: int):
    """Asks first (its own page, no JavaScript needed) and says what is lost;
    the form on that page cancels."""
    registration = own_registration(request, pk)
    refused = restricted_response(
        request, registration.event, return_url=reverse("registrations:list")
    )
    if refused is not None:
        return refused
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your registration for “%(event)s” is cancelled. If you "
                    "change your mind, “Undo the cancellation” below gives it "
                    "back while your seat is still free."
                )
                % {"event": training_title(registration.event, get_language())},
            )
        return redirect("registrations:list")
    if registration.status not in CANCELLABLE or event_has_started(registration.event):
        messages.error(request, _("This registration can no longer be cancelled."))
        return redirect("registrations:list")
    return render(
        request,
        "registrations/cancel_confirm.html",
        {
            "registration": registration,
            "page": training_in(registration.event, get_language()),
            "loss": selectors.cancellation_loss(registration),
            "position": selectors.waitlist_position(registration),
        },
    )


@login_required
@require_POST
def undo_cancel(request, pk: int):
    registration = own_registration(request, pk)
    refused = restricted_response(
        request, registration.event, return_url=reverse("registrations:list")
    )
    if refused is not None:
        return refused
    try:
        restored = services.registration_undo_cancel(
            registration=registration, by=request.user
        )
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your registration for “%(event)s” is back: %(status)s.")
            % {
                "event": training_title(registration.event, get_language()),
                "status": restored.get_status_display(),
            },
        )
    return redirect("registrations:list")


def _own_open_offer(request, pk: int):
    registration = own_registration(request, pk)
    offer = selectors.open_offer_of(registration)
    if offer is None:
        raise Http404
    offer.registration = registration
    return offer


@login_required
@require_POST
def offer_answer(request, pk: int, answer: str):
    """Accept or decline the seat offered to the person (from My registrations)."""
    offer = _own_open_offer(request, pk)
    title = offer.registration.event.title
    refused = restricted_response(
        request, offer.registration.event, return_url=reverse("registrations:list")
    )
    if refused is not None:
        return refused
    try:
        if answer == "accept":
            services.offer_accept(offer=offer, by=request.user)
        else:
            services.offer_decline(offer=offer, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            (
                _("The seat is yours: your registration for “%(event)s” is confirmed.")
                if answer == "accept"
                else _(
                    "You declined the seat; your registration for “%(event)s” is "
                    "cancelled."
                )
            )
            % {"event": title},
        )
    return redirect("registrations:list")
