"""Files made from registrations: the certificate of attendance (PDF), the
personal check-in QR code (SVG, PNG), a session's printable sign-in sheet (PDF)
and the organizers' exports of the applicant list (CSV and XLSX)."""

from __future__ import annotations

import csv
import io

import segno
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font

from agencies.logos import logo_rendition
from core.text import xml_text
from core.translated_rows import read_translations
from events.selectors import event_end, event_start
from registrations import selectors


def _latin1(text: str) -> str:
    """The PDF core fonts cover latin-1 (enough for Spanish); replace the rest."""
    text = (
        text.replace("“", '"')
        .replace("”", '"')
        .replace("’", "'")
        .replace("—", "-")
        .replace("–", "-")
    )
    return text.encode("latin-1", "replace").decode("latin-1")


def sessions_attended_text(registration) -> str:
    """ "Attended 3 of 3 sessions", as the certificate and its verification say."""
    record = selectors.attendance_record(registration=registration)
    return ngettext(
        "Attended %(attended)s of %(total)s session",
        "Attended %(attended)s of %(total)s sessions",
        record.total,
    ) % {"attended": record.attended, "total": record.total}


def hours_attended_text(registration) -> str:
    """ "12 of 18 hours attended" (the training's sessions, by their length)."""
    record = selectors.attendance_record(registration=registration)
    return _("%(attended)s of %(total)s hours attended") % {
        "attended": f"{record.hours_attended:g}",
        "total": f"{record.hours_total:g}",
    }


def _checkin_qr(token: str):
    # Medium error correction: survives a crease or a cracked phone screen.
    return segno.make(token, error="m")


def checkin_qr_svg(token: str, *, title: str = "") -> str:
    """The QR code as inline SVG (scales sharply on screen and on paper)."""
    return _checkin_qr(token).svg_inline(
        scale=6, border=4, title=title or None, omitsize=True, svgclass="checkin-qr"
    )


def checkin_qr_png(token: str) -> bytes:
    buffer = io.BytesIO()
    _checkin_qr(token).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def signin_sheet_pdf(*, session, sheet) -> bytes:
    """A session's printable sign-in sheet: one row per confirmed participant
    to sign, those already checked in marked; call inside translation.override."""
    event = session.page
    title = selectors.training_title(event, get_language()[:2])
    start, end = timezone.localtime(session.start), timezone.localtime(session.end)
    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_title(_latin1(_("Sign-in sheet")))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    below = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.multi_cell(0, 8, _latin1(_("Sign-in sheet")), **below)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, _latin1(title), **below)
    session_line = f"{session.title} · " if session.title else ""
    when = f"{session_line}{start:%Y-%m-%d %H:%M} - {end:%H:%M}"
    pdf.multi_cell(0, 6, _latin1(when), **below)
    pdf.ln(4)
    widths = (10, 62, 52, 16, 50)
    headings = ("#", _("Name"), _("Organization"), _("Present"), _("Signature"))
    pdf.set_font("Helvetica", style="B", size=10)
    for width, heading in zip(widths, headings, strict=True):
        pdf.cell(width, 8, _latin1(heading), border=1)
    pdf.ln(8)
    pdf.set_font("Helvetica", size=10)
    for number, registration in enumerate(sheet, start=1):
        row = (
            str(number),
            registration.full_name or registration.email,
            registration.organization,
            "X" if registration.present else "",
            "",
        )
        for width, value in zip(widths, row, strict=True):
            text = _latin1(value)
            while text and pdf.get_string_width(text) > width - 2:
                text = text[:-1]
            pdf.cell(width, 11, text, border=1)
        pdf.ln(11)
    return bytes(pdf.output())


def certificate_pdf(*, certificate, verify_url: str) -> bytes:
    """One A4 landscape page; call inside translation.override for its language."""
    registration = certificate.registration
    event = registration.event
    start = event_start(event)
    end = event_end(event)
    if start and end:
        start, end = timezone.localtime(start), timezone.localtime(end)
        dates = (
            f"{start:%Y-%m-%d}"
            if start.date() == end.date()
            else f"{start:%Y-%m-%d} - {end:%Y-%m-%d}"
        )
    else:
        dates = ""
    agencies = event.organizers()
    organizers = ", ".join(str(agency) for agency in agencies)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_latin1(_("Certificate of attendance")))
    pdf.set_author(_latin1(organizers))
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    _organizer_logos(pdf, agencies)
    pdf.set_y(32)
    pdf.set_font("Helvetica", style="B", size=28)
    pdf.cell(0, 14, _latin1(_("Certificate of attendance")), align="C")
    pdf.ln(24)
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 8, _latin1(_("This certifies that")), align="C")
    pdf.ln(14)
    pdf.set_font("Helvetica", style="B", size=22)
    pdf.cell(0, 12, _latin1(certificate.holder_name or "-"), align="C")
    pdf.ln(18)
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 8, _latin1(_("attended the training")), align="C")
    pdf.ln(12)
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.set_x(25)
    title = selectors.training_title(event, get_language()[:2])
    pdf.multi_cell(247, 9, _latin1(title), align="C")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=12)
    if dates:
        pdf.cell(0, 7, _latin1(dates), align="C")
        pdf.ln(8)
    pdf.cell(0, 7, _latin1(sessions_attended_text(registration)), align="C")
    pdf.ln(7)
    pdf.cell(0, 7, _latin1(hours_attended_text(registration)), align="C")
    pdf.ln(8)
    if organizers:
        pdf.set_x(25)
        pdf.multi_cell(
            247,
            7,
            _latin1(_("Organized by %(organizers)s") % {"organizers": organizers}),
            align="C",
        )
    signers = list(event.certificate_signers.select_related("signature"))
    if signers:
        _signers(pdf, signers, top=max(pdf.get_y() + 4, 148))
    pdf.set_y(178 if signers else 172)
    pdf.set_font("Helvetica", size=10)
    pdf.cell(
        0,
        6,
        _latin1(_("Verification code: %(code)s") % {"code": certificate.code}),
        align="C",
    )
    pdf.ln(6)
    pdf.cell(0, 6, _latin1(_("Verify at %(url)s") % {"url": verify_url}), align="C")
    return bytes(pdf.output())


SIGNATURE_HEIGHT_MM = 10
SIGNATURE_FILTER = "max-600x200|format-png"


def _image_bytes(image, filter_spec: str):
    try:
        rendition = image.get_rendition(filter_spec)
        with rendition.file.open("rb") as file:
            return io.BytesIO(file.read()), rendition.width, rendition.height
    except (OSError, ValueError):
        return None


def _signers(pdf: FPDF, signers, *, top: float) -> None:
    """Up to three signers side by side: signature image, a line, the name and
    the position in the certificate's language."""
    signers = signers[:3]
    column = 247 / len(signers)
    for number, signer in enumerate(signers):
        x = 25 + number * column
        if signer.signature_id and (
            found := _image_bytes(signer.signature, SIGNATURE_FILTER)
        ):
            content, width, height = found
            shown = min(SIGNATURE_HEIGHT_MM * width / max(height, 1), column - 10)
            pdf.image(
                content,
                x=x + (column - shown) / 2,
                y=top,
                w=shown,
                h=SIGNATURE_HEIGHT_MM,
                keep_aspect_ratio=True,
            )
        pdf.set_line_width(0.3)
        pdf.line(x + 10, top + 11, x + column - 10, top + 11)
        pdf.set_xy(x, top + 12)
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(column, 5, _latin1(signer.name), align="C")
        pdf.set_xy(x, top + 17)
        pdf.set_font("Helvetica", size=9)
        pdf.cell(column, 5, _latin1(str(signer.position)), align="C")


LOGO_HEIGHT_MM = 14
LOGO_GAP_MM = 8


def _organizer_logos(pdf: FPDF, agencies) -> None:
    """The organizers' logos side by side, centred above the title."""
    logos = []
    for agency in agencies:
        rendition = logo_rendition(agency)
        if rendition is None:
            continue
        try:
            with rendition.file.open("rb") as file:
                content = io.BytesIO(file.read())
        except OSError:
            continue
        width = LOGO_HEIGHT_MM * rendition.width / max(rendition.height, 1)
        logos.append((content, min(width, 60)))
    if not logos:
        return
    total = sum(width for _content, width in logos) + LOGO_GAP_MM * (len(logos) - 1)
    x = (pdf.w - total) / 2
    for content, width in logos:
        pdf.image(content, x=x, y=15, w=width, h=LOGO_HEIGHT_MM, keep_aspect_ratio=True)
        x += width + LOGO_GAP_MM


def applicant_rows(*, event, registrations) -> tuple[list[str], list[list]]:
    """Header and rows of the organizers' export: one row per registration."""
    questions = list(event.registration_questions.all())
    criteria = list(event.selection_criteria.all())
    registrations = list(registrations)
    # Texts in the reader's language: the twins of all rows, one query a model.
    read_translations(questions + criteria)
    selectors.registration_texts(registrations)
    header = [
        _("Name"),
        _("E-mail"),
        _("Organization"),
        _("Position"),
        _("Status"),
        _("Applied at"),
        _("Sessions"),
        *(criterion.name_shown for criterion in criteria),
        _("Total score"),
        *(question.label_shown for question in questions),
    ]
    rows = []
    for registration in registrations:
        answers = {answer.question_id: answer for answer in registration.answers.all()}
        scores = {
            score.criterion_id: score.value for score in registration.scores.all()
        }
        sessions = [str(session) for session in registration.sessions.all()]
        rows.append(
            [
                registration.full_name,
                registration.email,
                registration.organization,
                registration.position,
                str(registration.get_status_display()),
                timezone.localtime(registration.applied_at).strftime("%Y-%m-%d %H:%M"),
                "; ".join(sessions) or _("All sessions"),
                *(scores.get(criterion.pk, "") for criterion in criteria),
                registration.total_score,
                *(
                    answers[question.pk].display_value()
                    if question.pk in answers
                    else ""
                    for question in questions
                ),
            ]
        )
    return header, rows


def _safe_cell(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas; XLSX is XML,
    which has no room for control characters."""
    value = xml_text(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def applicants_csv(*, event, registrations) -> bytes:
    header, rows = applicant_rows(event=event, registrations=registrations)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe_cell(value) for value in row])
    # The byte-order mark makes spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def decisions_csv(*, event) -> bytes:
    """The training's audit trail: one row per decision, oldest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Date and time"),
            _("Applicant"),
            _("E-mail"),
            _("Decision"),
            _("Taken by"),
            _("Reason"),
            _("Explanation"),
        ]
    )
    for decision in selectors.audit_trail(event=event):
        registration = decision.registration
        writer.writerow(
            [
                _safe_cell(value)
                for value in (
                    timezone.localtime(decision.created_at).strftime("%Y-%m-%d %H:%M"),
                    registration.full_name,
                    registration.email,
                    decision.get_action_display(),
                    decision.actor_label,
                    decision.get_reason_code_display() if decision.reason_code else "",
                    decision.reason_text,
                )
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def applicants_xlsx(*, event, registrations) -> bytes:
    header, rows = applicant_rows(event=event, registrations=registrations)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Applicants")[:31]
    sheet.append([str(title) for title in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
