"""Joint selection end to end (issue 18's done-when): a focal point nominates
three people, a supervisor endorses one application and declines another from
the e-mailed links, three reviewers score twenty applicants on the grid, the
organizers select up to capacity within a quota, a declined applicant reads the
reason, a confirmed one cancels, and the seat offered to the next one expires
through the task worker and moves on to the following one.

The applicants are built with services; the browser does what the chain names.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from events.models import EventIndexPage
from events.registration_settings import RegistrationMode
from registrations import selectors, services
from registrations.models import (
    AgencyQuota,
    Decision,
    Nomination,
    Offer,
    Registration,
    Reviewer,
    SelectionCriterion,
    SelectionScore,
)
from tests.core.workers import DATABASE_TASKS
from tests.factories import AgencyFactory, UserFactory, make_member
from tests.registrations.conftest import build_event
from tests.registrations.test_notification_tasks import _run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Status = Registration.Status

CAPACITY = 8
OIM_SEATS = 2  # the invited agency's quota, in force until after the selection
# Applicants built by services; with the 3 nominated and the one endorsed: 20
# (the one whose supervisor declines never reaches the organizers).
DIRECT = 16


def value(reviewer: int, row: int, criterion: int) -> int:
    return (row * (criterion + 2) + reviewer * 3) % 6


def _context(browser, sign_in, live_server, user=None):
    context = browser.new_context(
        locale="es-ES", viewport={"width": 1280, "height": 900}
    )
    if user is not None:
        sign_in(context, user, live_server.url)
    return context.new_page()


def _link(address: str, kind: str) -> str:
    """The path of the `kind` link e-mailed to `address`."""
    for message in reversed(mail.outbox):
        if message.to == [address]:
            found = re.search(rf"/\w\w/registrations/{kind}/[^/\s]+/", message.body)
            if found:
                return found.group(0)
    raise AssertionError(f"no {kind} link e-mailed to {address}")


def _world(calendar):
    snm = AgencyFactory(slug="ch-snm", name_es="Servicio Nacional", name_en="SNM")
    oim = AgencyFactory(slug="ch-oim", name_es="OIM", name_en="IOM")
    event = build_event(
        calendar,
        snm,
        title="Taller conjunto de selección",
        mode=RegistrationMode.APPLICATION,
        capacity=CAPACITY,
        endorsement_required=True,
        offer_hours=48,
    )
    AgencyQuota.objects.create(
        page=event,
        agency=oim,
        seats=OIM_SEATS,
        released_at=timezone.now() + datetime.timedelta(days=3),
    )
    for name, weight in (("Desempeño", 3), ("Docencia", 2), ("Motivación", 1)):
        SelectionCriterion.objects.create(
            page=event, name=name, weight=weight, max_score=5
        )
    organizer = make_member(snm, role="editor", username="ch-organizer")
    reviewers = [
        make_member(snm, role="member", username=f"ch-reviewer{n}") for n in (1, 2, 3)
    ]
    for user in reviewers:
        Reviewer.objects.create(event=event, user=user, assigned_by=organizer)
    focal_point = make_member(oim, role="focal_point", username="ch-focal")
    start = timezone.now() - datetime.timedelta(days=1)
    for n in range(DIRECT):
        Registration.objects.create(
            event=event,
            user=UserFactory(username=f"ch-applicant{n}"),
            status=Status.PENDING,
            full_name=f"Persona {n}",
            email=f"ch-applicant{n}@example.org",
            agency=oim if n % 3 == 0 else snm,
            applied_at=start + datetime.timedelta(minutes=n),
        )
    # Two applicants name their supervisor, who is asked by e-mail.
    endorsed = [
        services.registration_apply(
            event=event,
            user=UserFactory(username=f"ch-staff{n}", first_name=f"Staff{n}"),
            agency=snm,
            endorser_email=f"jefa{n}@example.org",
        )
        for n in (1, 2)
    ]
    return {
        "event": event,
        "snm": snm,
        "oim": oim,
        "organizer": organizer,
        "reviewers": reviewers,
        "focal_point": focal_point,
        "endorsed": endorsed,
    }


def test_nominate_endorse_review_select_cancel_offer_expire(
    live_server, demo_site, browser, sign_in, settings
):
    calendar = EventIndexPage.objects.filter(locale__language_code="es").first()
    world = _world(calendar)
    event = world["event"]
    base = live_server.url

    # 1. The OIM focal point nominates three people in one form.
    page = _context(browser, sign_in, live_server, world["focal_point"])
    page.goto(f"{base}/es/registrations/nominate/{event.pk}/")
    nominees = [
        (f"Nominada {n}", f"nominada{n}@example.org", "Inspectora") for n in range(3)
    ]
    for row, (name, address, position) in enumerate(nominees):
        page.locator(f"#id_nominees-{row}-full_name").fill(name)
        page.locator(f"#id_nominees-{row}-email").fill(address)
        page.locator(f"#id_nominees-{row}-position").fill(position)
    page.locator("button[name=rows]").click()
    expect(page.locator(".messages")).to_contain_text("3 personas")
    page.context.close()
    assert Nomination.objects.filter(event=event).count() == 3
    # Each nominee confirms from their e-mailed link (as the nomination tests
    # do in the browser's place).
    for _name, address, _position in nominees:
        token = _link(address, "nominations").rstrip("/").rsplit("/", 1)[1]
        services.registration_apply(
            event=event,
            user=UserFactory(username=address.split("@")[0], email=address),
            nomination=services.nomination_for_token(token),
        )

    # 2. The supervisors answer from their e-mailed links, without an account.
    yes, no = world["endorsed"]
    page = _context(browser, sign_in, live_server)
    page.goto(base + _link("jefa1@example.org", "endorsements"))
    page.get_by_label("Avalo esta solicitud").check()
    page.get_by_role("button", name="Enviar mi respuesta").click()
    expect(page.locator("h1")).to_be_visible()
    page.goto(base + _link("jefa2@example.org", "endorsements"))
    page.get_by_label("No la avalo").check()
    page.get_by_label(re.compile("Motivo")).fill("Su carga de trabajo no lo permite.")
    page.get_by_role("button", name="Enviar mi respuesta").click()
    expect(page.locator("h1")).to_be_visible()
    page.context.close()
    yes.refresh_from_db()
    no.refresh_from_db()
    assert (yes.status, no.status) == (Status.PENDING, Status.DECLINED)

    # 3. Three reviewers score the twenty applicants on the grid, keyboard only
    # (not the one whose organization declined to endorse).
    rows = selectors.review_grid(
        event=event, reviewer=world["reviewers"][0], blind=False
    )
    assert len(rows) == 20 and no.pk not in {row.registration.pk for row in rows}
    criteria = list(event.selection_criteria.all())
    for number, reviewer in enumerate(world["reviewers"], start=1):
        page = _context(browser, sign_in, live_server, reviewer)
        page.goto(f"{base}/es/registrations/review/{event.pk}/")
        page.locator(".review-score").first.click()
        for row in range(len(rows)):
            for criterion in range(3):
                page.keyboard.press(str(value(number, row, criterion)))
        expect(page.locator(".review-grid-form")).to_have_attribute(
            "data-pending", "0", timeout=30_000
        )
        page.context.close()
        assert SelectionScore.objects.filter(reviewer=reviewer).count() == 60
    assert SelectionScore.objects.filter(registration=rows[0].registration).count() == (
        3 * len(criteria)
    )

    # 4. The organizers select up to capacity within the OIM quota and confirm.
    page = _context(browser, sign_in, live_server, world["organizer"])
    page.goto(f"{base}/admin/registrations/{event.pk}/select/")
    expect(page.locator("input[name=selected]:checked")).to_have_count(CAPACITY)
    expect(page.locator(".selection-line")).to_have_count(1)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{base}/admin/registrations/{event.pk}/")
    page.context.close()
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED)
    assert confirmed.count() == CAPACITY
    assert confirmed.filter(agency=world["oim"]).count() <= OIM_SEATS
    assert not Registration.objects.filter(event=event, status=Status.PENDING).exists()

    # 5. The applicant whose supervisor declined reads why, in Spanish.
    page = _context(browser, sign_in, live_server, no.user)
    page.goto(f"{base}/es/registrations/")
    expect(page.locator("main")).to_contain_text("Su organización no la avaló")
    expect(page.locator("main")).to_contain_text("Su carga de trabajo no lo permite.")
    page.context.close()

    # 6. A confirmed participant cancels; from here the task worker runs the
    # e-mails and the deadlines (the database task backend).
    settings.TASKS = DATABASE_TASKS
    leaving = confirmed.filter(agency=world["snm"]).first()
    line = [
        r
        for r in selectors.next_in_line(event)
        if r.agency_id != world["oim"].pk  # the OIM quota is full
    ]
    first, following = line[0], line[1]
    page = _context(browser, sign_in, live_server, leaving.user)
    page.goto(f"{base}/es/registrations/{leaving.pk}/cancel/")
    page.get_by_role("button", name="Sí, cancelar mi inscripción").click()
    expect(page.locator(".messages")).to_be_visible()
    page.context.close()
    mail.outbox.clear()
    _run_worker_until_idle()
    offer = Offer.objects.get(event=event, status=Offer.Status.OPEN)
    assert offer.registration_id == first.pk
    assert any(
        m.to == [first.user.email] and m.subject.startswith("Se le ofrece un cupo")
        for m in mail.outbox
    )

    # 7. Nobody answers: the deadline passes (moved in the data, not waited
    # for) and the worker's deadline task expires the offer and moves it on.
    past = timezone.now() - datetime.timedelta(minutes=1)
    Offer.objects.filter(pk=offer.pk).update(expires_at=past)
    deadline = DBTaskResult.objects.filter(
        args_kwargs__args__0="registrations.services.offers.offer_expire_when_due"
    )
    assert deadline.count() == 1
    deadline.update(run_after=past)
    mail.outbox.clear()
    _run_worker_until_idle()
    offer.refresh_from_db()
    first.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert first.status == Status.WAITLISTED  # back in line, after the others
    assert first.decisions.last().reason_code == Decision.Reason.OFFER_EXPIRED
    moved_on = Offer.objects.get(event=event, status=Offer.Status.OPEN)
    assert moved_on.registration_id == following.pk
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[first.user.email].startswith("Venció el cupo")
    assert subjects[following.user.email].startswith("Se le ofrece un cupo")
