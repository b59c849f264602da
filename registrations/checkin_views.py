"""Organizers' attendance views of one session: the check-in sheet with "mark all
present" and its undo, the printable sign-in sheet (PDF), and the phone check-in
page (scan or search, offline-first) with the endpoint its phones sync to."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from registrations import selectors, services
from registrations.admin_access import managed_event
from registrations.documents import signin_sheet_pdf
from registrations.services import RegistrationError

# Where the last "mark all present" of a session is kept for its undo.
UNDO_KEY = "attendance-mark-all-{}"
# At most this many check-ins in one sync request (a phone sends its queue).
MAX_CHECK_INS = 2000


def _session(request, event_id: int, session_id: int):
    event = managed_event(request, event_id)
    return event, get_object_or_404(event.sessions, pk=session_id)


def _back(event, session):
    return redirect(
        "registrations_admin:attendance", event_id=event.pk, session_id=session.pk
    )


def mark_all_present(request, event_id: int, session_id: int):
    event, session = _session(request, event_id, session_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        marked = services.attendance_mark_all_present(session=session, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
        return _back(event, session)
    request.session[UNDO_KEY.format(session.pk)] = marked
    messages.success(
        request,
        ngettext(
            "%(count)s more person marked present.",
            "%(count)s more people marked present.",
            len(marked),
        )
        % {"count": len(marked)},
    )
    return _back(event, session)


def undo_mark_all(request, event_id: int, session_id: int):
    event, session = _session(request, event_id, session_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    marked = request.session.pop(UNDO_KEY.format(session.pk), [])
    undone = services.attendance_undo_mark_all(
        session=session, registration_ids=marked, by=request.user
    )
    messages.success(
        request,
        ngettext(
            "Undone: %(count)s person is absent again.",
            "Undone: %(count)s people are absent again.",
            undone,
        )
        % {"count": undone},
    )
    return _back(event, session)


def signin_sheet(request, event_id: int, session_id: int):
    """The session's sign-in sheet to print, in the page's language."""
    event, session = _session(request, event_id, session_id)
    sheet = selectors.attendance_sheet(session=session)
    content = signin_sheet_pdf(session=session, sheet=sheet)
    response = HttpResponse(content, content_type="application/pdf")
    language = translation.get_language()[:2]
    response["Content-Disposition"] = (
        f'attachment; filename="sign-in-{event.pk}-{session.pk}-{language}.pdf"'
    )
    return response


def _people(session) -> list[dict]:
    sheet = selectors.attendance_sheet(session=session)
    services.checkin_tokens_ensure(sheet)
    times = selectors.checked_in_times(session=session)
    return [
        {
            "id": registration.pk,
            "name": registration.full_name or registration.email,
            "organization": registration.organization,
            "token": registration.checkin_token,
            "present": registration.present,
            "at": times[registration.pk].isoformat()
            if registration.pk in times
            else None,
        }
        for registration in sheet
    ]


def _strings() -> dict[str, str]:
    """The check-in script's words, in the page's language."""
    return {
        "checkIn": _("Check in"),
        "checkInName": _("Check in %(name)s"),
        "checkedIn": _("Checked in"),
        "checkedInName": _("%(name)s is checked in."),
        "already": _("%(name)s was already checked in."),
        "unknown": _("This code is not on this session's list."),
        "waiting": _("waiting to be sent"),
        "online": _("Online: check-ins are sent as they happen."),
        "offline": _(
            "Offline: check-ins are kept on this phone and sent when the "
            "connection returns."
        ),
        "queued": _("Check-ins waiting to be sent: %(count)s."),
        "count": _("%(present)s of %(total)s checked in"),
        "noMatch": _("Nobody on the list matches."),
        "scan": _("Scan with the camera"),
        "stopScan": _("Stop the camera"),
        "cameraRefused": _("The camera could not be opened; search by name instead."),
    }


@never_cache
def checkin(request, event_id: int, session_id: int):
    """The phone check-in page: it works offline once loaded (the list and the
    scans in the phone's storage, a service worker keeping the page)."""
    event, session = _session(request, event_id, session_id)
    response = TemplateResponse(
        request,
        "registrations/checkin.html",
        {
            "event": event,
            "session": session,
            "title": selectors.training_title(event, translation.get_language()[:2]),
            "not_started": session.start > timezone.now(),
            "checkin_state": {
                "session": session.pk,
                "syncUrl": reverse(
                    "registrations_admin:checkin_sync", args=[event.pk, session.pk]
                ),
                "workerUrl": reverse(
                    "registrations_admin:checkin_worker", args=[event.pk]
                ),
                "people": _people(session),
                "generated": timezone.now().isoformat(),
                "strings": _strings(),
            },
        },
    )
    # The camera for the scanner, on this page only.
    response["Permissions-Policy"] = (
        "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"
    )
    return response


def _parse_check_ins(body: bytes) -> list[services.CheckIn]:
    payload = json.loads(body or b"{}")
    rows = payload.get("checkIns", [])
    if not isinstance(rows, list) or len(rows) > MAX_CHECK_INS:
        raise ValueError
    check_ins = []
    for row in rows:
        at = parse_datetime(str(row.get("at") or ""))
        if at is not None and timezone.is_naive(at):
            at = timezone.make_aware(at, datetime.UTC)
        registration = row.get("registration")
        check_ins.append(
            services.CheckIn(
                token=str(row.get("token") or "")[:64],
                registration_id=int(registration)
                if str(registration or "").isdigit()
                else None,
                at=at,
            )
        )
    return check_ins


@never_cache
def checkin_sync(request, event_id: int, session_id: int):
    """POST: a phone's queued check-ins (JSON); GET or POST answers with the
    session's list as the server has it, merged from every phone."""
    event, session = _session(request, event_id, session_id)
    result = services.CheckInResult()
    if request.method == "POST":
        try:
            check_ins = _parse_check_ins(request.body)
        except (ValueError, TypeError, AttributeError):
            return JsonResponse({"error": _("Check-ins not understood.")}, status=400)
        try:
            result = services.attendance_check_in(
                session=session, check_ins=check_ins, by=request.user
            )
        except RegistrationError as error:
            return JsonResponse(
                {"error": str(error.message), "code": error.code}, status=409
            )
    return JsonResponse(
        {
            "recorded": result.recorded,
            "unknown": result.unknown,
            "people": _people(session),
        }
    )


WORKER = """// The check-in pages of one training, kept for use without a connection.
const CACHE = "checkin-v1";
self.addEventListener("install", (event) => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
// A page names what it needs offline (itself, its script and style sheet).
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.cache) || [];
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(urls)));
});
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.url.includes("/sync/")) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, {ignoreVary: true}).then(
        (cached) => cached || Response.error()
      ))
  );
});
"""


def checkin_worker(request, event_id: int):
    """The service worker of the training's check-in pages (its scope is theirs)."""
    managed_event(request, event_id)
    response = HttpResponse(WORKER, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
