"""Attendance in the field, in a real browser (issue 19's done-when): two
organizers' phones check people in by QR code and by name while offline, the
scans merge without double counting when they reconnect, staff issue the
certificates in bulk to those who met the rule, revoke one, and the public
verification page tells the valid one from the revoked one."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from registrations import services
from registrations.models import Attendance, Certificate
from registrations.services import CheckIn
from tests.e2e.axe_checks import serious_violations
from tests.factories import AgencyFactory, UserFactory, make_member
from tests.registrations.conftest import build_event, start_sessions

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
NAMES = ["Ana Pérez", "Beto Ruiz", "Carla Díaz", "Dora Vega", "Eli Mora", "Fito Sol"]


def phone(browser, sign_in, live_server, user, width=PHONE["width"]):
    context = browser.new_context(
        locale="es-ES", viewport={**PHONE, "width": width}, service_workers="allow"
    )
    sign_in(context, user, live_server.url)
    return context, context.new_page()


def world(calendar, *, ended=True):
    """A two-day training, six confirmed people. When it has ended, all but Ana
    were there on day 2 (recorded already); day 1 is checked in in the browser.
    Otherwise day 1 started an hour ago."""
    agency = AgencyFactory(slug="snm-field", name_es="Servicio Nacional de Migración")
    organizer = make_member(agency, role="editor", username="field-organizer")
    event = build_event(calendar, agency, sessions=2, capacity=10)
    people = []
    for name in NAMES:
        first, last = name.split()
        user = UserFactory(first_name=first, last_name=last)
        registration = services.registration_apply(event=event, user=user)
        registration.full_name = name
        registration.save(update_fields=["full_name"])
        services.registration_checkin_token(registration=registration)
        people.append(registration)
    start_sessions(event, ago=datetime.timedelta(days=3 if ended else 1 / 24))
    day1, day2 = event.sessions.order_by("start")
    if not ended:
        return organizer, event, day1, people
    services.attendance_check_in(
        session=day2,
        check_ins=[CheckIn(registration_id=r.pk) for r in people[1:]],
        by=organizer,
    )
    return organizer, event, day1, people


def shoot(page, name: str) -> None:
    folder = Path(os.environ.get("FIELD_SCREENSHOTS", "test-results"))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def check_in_by_qr(page, token: str) -> None:
    """What the camera scanner does with a decoded QR code (headless Chromium
    has no camera): the same path as the code typed under the QR code."""
    page.get_by_label("O escriba el código impreso bajo el código QR").fill(token)
    page.locator("#token-form").get_by_role("button", name="Registrar entrada").click()


def check_in_by_name(page, name: str) -> None:
    page.get_by_label("Nombre u organización").fill(name.split()[0])
    page.get_by_role("button", name=f"Registrar la entrada de {name}").click()
    page.get_by_label("Nombre u organización").fill("")


def test_two_phones_check_in_offline_merge_and_certificates_follow(
    live_server, calendar, browser, sign_in
):
    organizer, event, day1, people = world(calendar)
    ana, beto, carla, dora, eli, _fito = people
    url = f"{live_server.url}/admin/registrations/{event.pk}/checkin/{day1.pk}/"

    first, page = phone(browser, sign_in, live_server, organizer)
    second, other = phone(browser, sign_in, live_server, organizer, width=320)
    for device in (page, other):
        device.goto(url)
        expect(device.locator("#checkin-count")).to_have_text(
            "0 de 6 con entrada registrada"
        )
    assert serious_violations(page) == []
    assert other.evaluate(NO_SIDEWAYS_SCROLL)

    first.set_offline(True)
    second.set_offline(True)
    check_in_by_qr(page, ana.checkin_token)
    check_in_by_qr(page, beto.checkin_token)
    check_in_by_name(page, "Carla Díaz")
    expect(page.locator("#checkin-said")).to_have_text(
        "Entrada de Carla Díaz registrada."
    )
    # Reopened without a connection: the page comes from the service worker,
    # the list and the unsent check-ins from the phone's storage.
    page.reload()
    expect(page.locator("#checkin-count")).to_have_text("3 de 6 con entrada registrada")
    # The second phone sees Carla too (her QR code), and Dora and Eli.
    check_in_by_qr(other, carla.checkin_token)
    check_in_by_name(other, "Dora Vega")
    check_in_by_qr(other, eli.checkin_token)
    check_in_by_qr(other, "not-a-code")
    expect(other.locator("#checkin-said")).to_have_text(
        "Este código no está en la lista de esta sesión."
    )
    expect(page.locator("#checkin-connection")).to_contain_text(
        "Entradas pendientes de envío: 3."
    )
    expect(other.locator("#checkin-connection")).to_contain_text(
        "Entradas pendientes de envío: 3."
    )
    assert not Attendance.objects.filter(session=day1).exists()
    assert serious_violations(page) == []
    shoot(page, "field-checkin-offline-390")

    first.set_offline(False)
    expect(page.locator("#checkin-connection")).to_have_text(
        "En línea: las entradas se envían al registrarlas."
    )
    second.set_offline(False)
    expect(other.locator("#checkin-connection")).to_have_text(
        "En línea: las entradas se envían al registrarlas."
    )
    rows = Attendance.objects.filter(session=day1, present=True)
    assert sorted(rows.values_list("registration_id", flat=True)) == sorted(
        r.pk for r in (ana, beto, carla, dora, eli)
    )
    page.reload()
    expect(page.locator("#checkin-count")).to_have_text("5 de 6 con entrada registrada")

    # Certificates: everyone at both days (Beto to Eli); Ana missed day 2 and
    # Fito day 1. Staff issue them in bulk, then revoke Beto's.
    admin = page
    admin.set_viewport_size(PHONE)
    admin.goto(f"{live_server.url}/admin/registrations/{event.pk}/certificates/")
    expect(admin.locator("main")).to_contain_text("4 asistentes cumplieron la regla")
    admin.get_by_role(
        "button", name="Emitir sus certificados y enviarlos por correo"
    ).click()
    expect(admin.locator("main tbody tr")).to_have_count(4)
    holders = dict(Certificate.objects.values_list("registration_id", "code"))
    assert set(holders) == {beto.pk, carla.pk, dora.pk, eli.pk}
    admin.get_by_label("Motivo de la revocación").nth(0).fill("Datos erróneos")
    admin.get_by_role("button", name="Revocar").nth(0).click()
    expect(admin.locator("main")).to_contain_text("Revocado el")
    assert admin.evaluate(NO_SIDEWAYS_SCROLL)
    # Wagtail's message slides in; axe measures its colours once it has.
    admin.wait_for_timeout(1500)
    assert serious_violations(admin) == []
    shoot(admin, "field-certificates-390")

    public = browser.new_context(locale="es-ES", viewport=PHONE).new_page()
    verify = f"{live_server.url}/es/registrations/certificates/"
    public.goto(verify + holders[beto.pk] + "/")
    expect(public.locator(".certificate-revoked")).to_contain_text("Ya no es válido")
    public.goto(verify + holders[carla.pk] + "/")
    expect(public.locator(".certificate-valid")).to_contain_text("es válido")
    public.context.close()
    first.close()
    second.close()


def test_qr_code_and_check_in_pages_in_english_at_320_px(
    live_server, calendar, browser, sign_in
):
    """The participant's code (My registrations, printable) and the organizer's
    attendance and check-in pages: English, 320 px wide, axe-clean."""
    organizer, event, day1, people = world(calendar, ended=False)
    holder = people[0]
    UserProfile.objects.update_or_create(
        user=organizer, defaults={"preferred_language": "en"}
    )
    session = f"/admin/registrations/{event.pk}"
    visits = {
        holder.user: {
            "/en/registrations/": "Your check-in code",
            f"/en/registrations/{holder.pk}/check-in-code/": "Code to type if",
        },
        organizer: {
            f"{session}/attendance/{day1.pk}/": "Mark all present",
            f"{session}/checkin/{day1.pk}/": "0 of 6 checked in",
        },
    }
    for user, paths in visits.items():
        context = browser.new_context(
            locale="en-GB", viewport={"width": 320, "height": 800}
        )
        sign_in(context, user, live_server.url)
        page = context.new_page()
        for path, words in paths.items():
            page.goto(live_server.url + path)
            expect(page.locator("main")).to_contain_text(words)
            assert serious_violations(page) == [], path
            assert page.evaluate(NO_SIDEWAYS_SCROLL), path
        context.close()
